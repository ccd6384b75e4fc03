using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;

namespace Bridge.UnitTests.Relay;

/// <summary>The relay page as served at <c>/bridge/relay.html</c>: its CSP and its content come from one policy.</summary>
public sealed class RelayPageTests
{
    // As a person might write them: mixed case, a trailing slash, the same origin twice.
    private static readonly string[] ConfiguredOrigins = ["http://LocalHost:5080/", "http://127.0.0.1:5080", "http://localhost:5080"];

    private const string ConfigBlockStart = "<script type=\"application/json\" id=\"bridge-relay-config\">";

    [Fact]
    public async Task FrameAncestorsAreExactlyTheAllowedOrigins()
    {
        var (csp, _) = await GetRelayPageAsync();

        Assert.Equal("http://localhost:5080 http://127.0.0.1:5080", csp["frame-ancestors"]);
    }

    [Fact]
    public async Task FrameAncestorsAreTheUnionOfEverySitesOriginsWithWildcardsAsCspWildcards()
    {
        var (csp, _) = await GetRelayPageAsync(OpenPolicy());

        Assert.Equal("http://localhost:5080 https://*.example.com * http://127.0.0.1:5080", csp["frame-ancestors"]);
    }

    [Fact]
    public async Task PolicyAllowsNothingElse()
    {
        var (csp, _) = await GetRelayPageAsync();

        Assert.Equal("'none'", csp["default-src"]);
        Assert.Equal("'none'", csp["base-uri"]);
        Assert.Equal("'none'", csp["form-action"]);
    }

    [Fact]
    public async Task ScriptSrcAllowsTheInlineScriptByItsHash()
    {
        var (csp, body) = await GetRelayPageAsync();

        var script = Between(body, body.LastIndexOf("<script>", StringComparison.Ordinal), "<script>");
        Assert.False(string.IsNullOrWhiteSpace(script));
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Equal($"'sha256-{hash}'", csp["script-src"]);
    }

    [Fact]
    public async Task ConfigBlockListsTheNormalizedOrigins()
    {
        var (_, body) = await GetRelayPageAsync();

        using var config = JsonDocument.Parse(ConfigBlock(body));
        var site = Assert.Single(config.RootElement.GetProperty("sites").EnumerateArray());
        Assert.Equal(["http://localhost:5080", "http://127.0.0.1:5080"], site.GetProperty("origins").EnumerateArray().Select(origin => origin.GetString()));
    }

    [Fact]
    public async Task ConfigBlockIsTheContractsShapeWithDefaultsApplied()
    {
        var (_, body) = await GetRelayPageAsync(OpenPolicy());

        var expected = JsonNode.Parse("""
            {
              "originHeader": "Bridge-Relay-Origin",
              "sites": [
                {
                  "origins": [ "http://localhost:5080", "https://*.example.com", "*" ],
                  "paths": [ "/api/**" ],
                  "methods": [ "GET", "HEAD" ],
                  "requestHeaders": [ "accept", "accept-language", "content-language", "content-type" ],
                  "exposedHeaders": [ "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma" ],
                  "allowCredentials": false,
                  "maxRequestBodyBytes": 1048576,
                  "maxResponseBodyBytes": 16777216
                },
                {
                  "origins": [ "http://127.0.0.1:5080", "http://localhost:5080" ],
                  "paths": [ "/public/**", "/items/*" ],
                  "methods": [ "POST", "PUT" ],
                  "requestHeaders": [ "x-request-id" ],
                  "exposedHeaders": [ "*" ],
                  "allowCredentials": true,
                  "maxRequestBodyBytes": 10,
                  "maxResponseBodyBytes": 20
                }
              ]
            }
            """);
        var actual = JsonNode.Parse(ConfigBlock(body));
        Assert.True(JsonNode.DeepEquals(expected, actual), actual?.ToJsonString());
    }

    [Fact]
    public async Task ConfigBlockEscapesMarkupSoNoValueCanEndIt()
    {
        var (_, body) = await GetRelayPageAsync(RelayConfiguration.Policy(RelayConfiguration.Site(RelayTestHost.SiteOrigins, "/a</script><script>alert(1)</script>&amp;")));

        var json = ConfigBlock(body);
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
        Assert.DoesNotContain("&", json, StringComparison.Ordinal);
        using var config = JsonDocument.Parse(json);
        var path = config.RootElement.GetProperty("sites")[0].GetProperty("paths")[0].GetString();
        Assert.Equal("/a</script><script>alert(1)</script>&amp;", path);
    }

    /// <summary>
    /// Two sites: a subdomain wildcard and "*" in the first, every setting of the second one changed (its credentials
    /// with exact origins only: a policy giving cookies to "*" or, without its own flag, to a wildcard does not start).
    /// </summary>
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
        var options = RelayConfiguration.Policy(RelayConfiguration.Site(["http://localhost:5080", "https://*.example.com", "*"]), second);
        options.AllowAnyOrigin = true;
        options.AllowSubdomainWildcards = true;
        return options;
    }

    private static string ConfigBlock(string body) => Between(body, body.IndexOf(ConfigBlockStart, StringComparison.Ordinal), ConfigBlockStart);

    /// <summary>The CSP directives by name, and the page's text.</summary>
    private static async Task<(Dictionary<string, string> Csp, string Body)> GetRelayPageAsync(BridgeRelayOptions? policy = null)
    {
        await using var host = await RelayTestHost.StartAsync(policy ?? RelayConfiguration.Policy(ConfiguredOrigins));
        using var response = await host.Client.GetAsync(new Uri("/bridge/relay.html", UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var header = response.Header("Content-Security-Policy");
        Assert.NotNull(header);
        // ToDictionary throws on a repeated directive, which browsers would ignore.
        var csp = header
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
        return (csp, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
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
