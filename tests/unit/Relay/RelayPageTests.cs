using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

        var json = Between(body, body.IndexOf(ConfigBlockStart, StringComparison.Ordinal), ConfigBlockStart);
        using var config = JsonDocument.Parse(json);
        var property = Assert.Single(config.RootElement.EnumerateObject());
        Assert.Equal("allowedOrigins", property.Name);
        Assert.Equal(["http://localhost:5080", "http://127.0.0.1:5080"], property.Value.EnumerateArray().Select(origin => origin.GetString()));
    }

    /// <summary>The CSP directives by name, and the page's text.</summary>
    private static async Task<(Dictionary<string, string> Csp, string Body)> GetRelayPageAsync()
    {
        await using var host = await RelayTestHost.StartAsync(ConfiguredOrigins);
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
