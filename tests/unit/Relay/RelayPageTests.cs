using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;

namespace Bridge.UnitTests.Relay;

/// <summary>
/// The relay page as served at <c>/bridge/relay.html?origin=…</c>: each page origin gets its own site's policy and a
/// frame policy only it passes; other origins get one page that serves nobody; the URL without an origin forwards.
/// </summary>
public sealed class RelayPageTests
{
    // As a person might write them: mixed case, a trailing slash, the same origin twice.
    private static readonly string[] ConfiguredOrigins = ["http://LocalHost:5080/", "http://127.0.0.1:5080", "http://localhost:5080"];

    private const string ConfigBlockStart = "<script type=\"application/json\" id=\"bridge-relay-config\">";

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    public async Task FrameAncestorsAreExactlyThePagesOrigin(string origin)
    {
        var page = await GetRelayPageAsync(origin);

        Assert.Equal(origin, page.Csp["frame-ancestors"]);
    }

    [Theory]
    [InlineData("https://a.example.com")]
    [InlineData("https://a.b.example.com")]
    [InlineData("https://anything.test")]
    public async Task AnOriginAWildcardOrStarAllowsIsFramedByItselfAloneNeverByThePattern(string origin)
    {
        var page = await GetRelayPageAsync(origin, OpenPolicy());

        Assert.Equal(origin, page.Csp["frame-ancestors"]);
        Assert.Equal(origin, Config(page).GetProperty("origin").GetString());
        Assert.DoesNotContain("*", page.CspHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageCarriesItsOwnSitesRulesAndNothingOfAnyOtherSite()
    {
        var page = await GetRelayPageAsync("https://a.example.com", OpenPolicy());

        var text = page.Body + "\n" + page.CspHeader;
        foreach (var other in new[] { "localhost:5080", "127.0.0.1", "/public/", "/items/", "x-request-id", "POST", "*.example.com" })
        {
            Assert.DoesNotContain(other, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PolicyAllowsNothingElse()
    {
        var page = await GetRelayPageAsync("http://localhost:5080");

        Assert.Equal("'none'", page.Csp["default-src"]);
        Assert.Equal("'none'", page.Csp["base-uri"]);
        Assert.Equal("'none'", page.Csp["form-action"]);
        Assert.Equal("'self'", page.Csp["connect-src"]);
    }

    [Fact]
    public async Task ScriptSrcAllowsTheInlineScriptByItsHashTheSameOnEveryPage()
    {
        var pages = new[]
        {
            await GetRelayPageAsync("http://localhost:5080"),
            await GetRelayPageAsync("https://evil.test"),
            await GetRelayPageAsync(null),
        };

        foreach (var page in pages)
        {
            var script = Between(page.Body, page.Body.LastIndexOf("<script>", StringComparison.Ordinal), "<script>");
            Assert.False(string.IsNullOrWhiteSpace(script));
            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
            Assert.Equal($"'sha256-{hash}'", page.Csp["script-src"]);
        }
        Assert.Single(pages.Select(page => page.Csp["script-src"]).Distinct());
    }

    [Fact]
    public async Task ConfigBlockIsTheContractsShapeWithDefaultsApplied()
    {
        var page = await GetRelayPageAsync("http://127.0.0.1:5080", OpenPolicy());

        var expected = JsonNode.Parse("""
            {
              "originHeader": "Bridge-Relay-Origin",
              "origin": "http://127.0.0.1:5080",
              "site": {
                "paths": [ "/public/**", "/items/*" ],
                "methods": [ "POST", "PUT" ],
                "requestHeaders": [ "x-request-id" ],
                "exposedHeaders": [ "*" ],
                "allowCredentials": true,
                "maxRequestBodyBytes": 10,
                "maxResponseBodyBytes": 20
              },
              "headers": {
                "forbidden": [ "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
                  "access-control-request-private-network", "connection", "content-length", "cookie", "cookie2", "date", "dnt",
                  "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding",
                  "upgrade", "via" ],
                "forbiddenPrefixes": [ "proxy-", "sec-" ],
                "methodOverride": [ "x-http-method-override", "x-http-method", "x-method-override" ]
              }
            }
            """);
        var actual = JsonNode.Parse(ConfigBlock(page.Body));
        Assert.True(JsonNode.DeepEquals(expected, actual), actual?.ToJsonString());
    }

    [Fact]
    public async Task DefaultsAreAppliedInTheBlock()
    {
        var site = Config(await GetRelayPageAsync("https://a.example.com", OpenPolicy())).GetProperty("site");

        Assert.Equal(["GET", "HEAD"], site.GetProperty("methods").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal(["accept", "accept-language", "content-language", "content-type"], site.GetProperty("requestHeaders").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal(1048576, site.GetProperty("maxRequestBodyBytes").GetInt64());
    }

    [Theory]
    [InlineData("https://evil.test")]
    [InlineData("http://localhost:5081")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("http://LOCALHOST:5080")]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://localhost:5080; script-src *")]
    [InlineData("javascript:alert(1)")]
    public async Task AnOriginNoSiteAllowsGetsThePageThatServesNobodyByteForByte(string origin)
    {
        var reference = await GetRelayPageAsync("https://unknown.test");

        var page = await GetRelayPageAsync(origin);

        Assert.Equal("'none'", page.Csp["frame-ancestors"]);
        Assert.DoesNotContain(ConfigBlockStart, page.Body, StringComparison.Ordinal);
        Assert.Equal(reference.Body, page.Body);
        Assert.Equal(reference.CspHeader, page.CspHeader);
        Assert.Equal(reference.ETag, page.ETag);
    }

    [Fact]
    public async Task TheOriginParameterTwiceServesNobody()
    {
        var page = await GetAsync("/bridge/relay.html?origin=https%3A%2F%2Fevil.test&origin=http%3A%2F%2Flocalhost%3A5080", null);

        Assert.Equal("'none'", page.Csp["frame-ancestors"]);
    }

    [Fact]
    public async Task TheUrlWithoutAnOriginIsTheForwardingPageWithNoPolicyAndNoFramePolicy()
    {
        var page = await GetRelayPageAsync(null, OpenPolicy());

        Assert.False(page.Csp.ContainsKey("frame-ancestors"));
        Assert.False(page.Csp.ContainsKey("connect-src"));
        Assert.Equal("'none'", page.Csp["default-src"]);
        var block = JsonNode.Parse(ConfigBlock(page.Body));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "forwarding": true }"""), block), block?.ToJsonString());
    }

    [Fact]
    public async Task EachPageHasItsOwnETag()
    {
        var tags = new[]
        {
            (await GetRelayPageAsync("http://localhost:5080")).ETag,
            (await GetRelayPageAsync("http://127.0.0.1:5080")).ETag,
            (await GetRelayPageAsync("https://evil.test")).ETag,
            (await GetRelayPageAsync(null)).ETag,
        };

        Assert.Equal(tags.Length, tags.Distinct().Count());
    }

    [Fact]
    public async Task ConfigBlockEscapesMarkupSoNoValueCanEndIt()
    {
        var page = await GetRelayPageAsync(
            "http://localhost:5080",
            RelayConfiguration.Policy(RelayConfiguration.Site(RelayTestHost.SiteOrigins, "/a</script><script>alert(1)</script>&amp;")));

        var json = ConfigBlock(page.Body);
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
        Assert.DoesNotContain("&", json, StringComparison.Ordinal);
        using var config = JsonDocument.Parse(json);
        var path = config.RootElement.GetProperty("site").GetProperty("paths")[0].GetString();
        Assert.Equal("/a</script><script>alert(1)</script>&amp;", path);
    }

    /// <summary>Two sites, with a subdomain wildcard, "*", and every setting of the second one changed.</summary>
    private static BridgeRelayOptions OpenPolicy()
    {
        var second = RelayConfiguration.Site(["http://127.0.0.1:5080", "http://localhost:5080"], "/public/**", "/items/*");
        second.Methods.Add("POST");
        second.Methods.Add("PUT");
        second.RequestHeaders.Add("X-Request-Id");
        second.ExposedHeaders.Add("*");
        second.AllowCredentials = true;
        second.MaxRequestBodyBytes = 10;
        second.MaxResponseBodyBytes = 20;
        var options = RelayConfiguration.Policy(RelayConfiguration.Site(["https://*.example.com", "*"]), second);
        options.AllowAnyOrigin = true;
        options.AllowSubdomainWildcards = true;
        return options;
    }

    private static JsonElement Config(RelayPageResponse page) => JsonDocument.Parse(ConfigBlock(page.Body)).RootElement;

    private static string ConfigBlock(string body) => Between(body, body.IndexOf(ConfigBlockStart, StringComparison.Ordinal), ConfigBlockStart);

    private sealed record RelayPageResponse(Dictionary<string, string> Csp, string CspHeader, string Body, string? ETag);

    /// <summary>The relay page for <paramref name="origin"/> (null: the URL without an origin).</summary>
    private static Task<RelayPageResponse> GetRelayPageAsync(string? origin, BridgeRelayOptions? policy = null) =>
        GetAsync(origin is null ? "/bridge/relay.html" : "/bridge/relay.html?origin=" + Uri.EscapeDataString(origin), policy);

    private static async Task<RelayPageResponse> GetAsync(string url, BridgeRelayOptions? policy)
    {
        await using var host = await RelayTestHost.StartAsync(policy ?? RelayConfiguration.Policy(ConfiguredOrigins));
        using var response = await host.Client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var header = response.Header("Content-Security-Policy");
        Assert.NotNull(header);
        // ToDictionary throws on a repeated directive, which browsers would ignore.
        var csp = header
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
        return new RelayPageResponse(csp, header, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.Headers.ETag?.Tag);
    }

    /// <summary>The text from the end of <paramref name="startTag"/> at <paramref name="start"/> to the next <c>&lt;/script&gt;</c>.</summary>
    private static string Between(string body, int start, string startTag)
    {
        Assert.True(start >= 0, $"The page has no {startTag}");
        var contentStart = start + startTag.Length;
        var end = body.IndexOf("</script>", contentStart, StringComparison.Ordinal);
        Assert.True(end >= 0, $"The page's {startTag} is not closed");
        return body[contentStart..end];
    }
}
