using System.Text.RegularExpressions;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// Each page sees only its own site's policy: bridge.js names the page's origin in the relay URL, and the host
/// answers with that origin's rules and a frame policy only that origin passes. A page that names another origin
/// gets a frame its browser refuses; clients that predate the origin in the URL are forwarded.
/// </summary>
public abstract partial class RelayPagePerOrigin(BrowserFixture browser, BridgeServers servers)
{
    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task ThePageAndTheHostNameNoOtherOriginAndNoOtherSitesRules(SiteKind site)
    {
        var origin = servers.RestrictedOrigin(site);
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, origin, servers.ServiceOrigin);
        await page.PreconnectAsync(servers.ServiceOrigin);
        var relayUrl = page.RelayUrl(servers.ServiceOrigin);
        Assert.Equal([relayUrl], await page.RelayFramesAsync());

        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(relayUrl), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(header => $"{header.Key}: {string.Join(", ", header.Value)}"));

        Assert.Equal($"frame-ancestors {origin}", Assert.Single(Csp(headers), directive => directive.StartsWith("frame-ancestors", StringComparison.Ordinal)));
        Assert.Equal([origin], Origins(body + "\n" + headers).Except([servers.ServiceOrigin]).Distinct());
        // The open site's paths and its allowances for methods, headers and credentials are not there either.
        Assert.DoesNotContain("\"/api/**\"", body, StringComparison.Ordinal);
        Assert.Contains("\"allowCredentials\":false", body, StringComparison.Ordinal);
        Assert.Contains("\"methods\":[\"GET\",\"POST\"]", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task AnAllowedPageNamingAnotherAllowedOriginGetsAFrameItsBrowserRefuses(SiteKind site)
    {
        // The restricted site's page asks for the open site's page: a wider policy, with credentials.
        await using var page = await BrowserPage.OpenAsync(browser, servers.RestrictedOrigin(site) + "/blank.html");
        var marker = Guid.NewGuid().ToString("N");
        await page.Page.EvaluateAsync(PageScripts.Load("install-harness"));
        await page.Page.EvaluateAsync("url => harness.open(url)", RelayFrames.RelayUrl(servers.ServiceOrigin, servers.AllowedOrigin(site)));

        var answers = await page.EvaluateAsync<string[]>(
            PageScripts.Load("post-hello-and-request-to-any-origin"),
            new { url = $"{servers.ServiceOrigin}/api/items/{marker}", credentials = "include" });

        Assert.Equal(0, await page.Page.LiveRelayCountAsync());
        Assert.Empty(answers);
        Assert.Empty(servers.Journal.Matching(marker));
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task AClientThatOpensTheRelayUrlWithoutAnOriginIsForwardedAndServed(SiteKind site)
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.AllowedOrigin(site) + "/blank.html");
        var marker = Guid.NewGuid().ToString("N");
        await page.Page.EvaluateAsync(PageScripts.Load("install-harness"));
        await page.Page.EvaluateAsync("url => harness.open(url)", servers.RelayUrl());

        Assert.Equal("ready", await page.Page.EvaluateAsync<string?>(PageScripts.Load("hello-as-older-clients"), 2));
        var answer = await page.EvaluateAsync<HarnessAnswer>(
            "url => harness.ask(harness.request({ url }))", $"{servers.ServiceOrigin}/api/hello?marker={marker}");

        Assert.Equal(new HarnessAnswer("response", 200), answer);
        Assert.Single(servers.Journal.Matching(marker));
        Assert.Equal(1, await page.Page.LiveRelayCountAsync());
        Assert.Single(page.Page.Frames, frame => frame.Url == page.RelayUrl(servers.ServiceOrigin));
    }

    public sealed record HarnessAnswer(string Type, int? Status);

    private static string[] Csp(string headers) =>
        Regex.Match(headers, "^Content-Security-Policy: (.*)$", RegexOptions.Multiline).Groups[1].Value
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> Origins(string text) => OriginPattern().Matches(text).Select(match => match.Value);

    [GeneratedRegex(@"https?://[A-Za-z0-9.\-\[\]]+(?::[0-9]+)?")]
    private static partial Regex OriginPattern();
}

[Collection(ChromiumEngine.Name)]
public sealed class RelayPagePerOriginInChromium(ChromiumFixture browser, BridgeServers servers) : RelayPagePerOrigin(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class RelayPagePerOriginInFirefox(FirefoxFixture browser, BridgeServers servers) : RelayPagePerOrigin(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class RelayPagePerOriginInWebKit(WebKitFixture browser, BridgeServers servers) : RelayPagePerOrigin(browser, servers);
