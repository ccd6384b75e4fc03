using System.Net;
using System.Text.Json;
using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// Frames where an allowed page and something else meet: a hostile frame inside an allowed page (an advertisement),
/// an opaque-origin frame (sandboxed, data:) inside one, and an allowed page framed by a hostile one. Only a page
/// whose every ancestor is allowed gets a relay, only the relay's parent can talk to it, and nothing else reaches
/// the service.
/// </summary>
public abstract class HostileFrames(BrowserFixture browser, BridgeServers servers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task AHostileFrameInsideAnAllowedPageCannotUseTheRelay(SiteKind site)
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");
        var hostile = await page.Page.AddFrameAsync(servers.HostileOrigin(site) + "/blank.html");
        await hostile.AddScriptTagAsync(new() { Url = servers.ServiceOrigin + "/bridge/bridge.js" });
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await BridgeFetchAsync(hostile, $"{servers.ServiceOrigin}/api/items/{marker}");

        Assert.False(outcome.Ok);
        Assert.Equal("relay-unanswered", outcome.Code);
        Assert.Contains(servers.HostileOrigin(site), outcome.Description, StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.LiveRelayCountAsync());
        Assert.Empty(servers.Journal.Matching(marker));
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task AnAllowedPageFramedByAHostilePageGetsNoRelay(SiteKind site)
    {
        // frame-ancestors checks every ancestor: the relay refuses to be a grandchild of a page it does not allow.
        await using var page = await BrowserPage.OpenAsync(browser, servers.HostileOrigin(site) + "/blank.html");
        var allowed = await page.Page.AddFrameAsync(servers.CrossSiteOrigin + "/blank.html");
        // Nothing opened ahead: the call opens the relay the browser then refuses.
        await allowed.EvaluateAsync(PageScripts.Load("load-bridge-script"), new { src = servers.ServiceOrigin + "/bridge/bridge.js", preconnect = "none" });
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await BridgeFetchAsync(allowed, $"{servers.ServiceOrigin}/api/items/{marker}");

        Assert.False(outcome.Ok);
        Assert.Equal("relay-unanswered", outcome.Code);
        Assert.Equal(0, await page.Page.LiveRelayCountAsync());
        Assert.Empty(servers.Journal.Matching(marker));
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task AHostileFrameCannotTalkToTheAllowedPagesRelay(SiteKind site)
    {
        // The page's own relay is connected and serving (over a port cross-site, over the windows same-site); its
        // sibling, a hostile frame, posts to it everything a parent could (a valid hello, requests and pings in the
        // first version and the session's, junk) and tries to navigate it away.
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin);
        var first = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");
        Assert.True(first.Ok, first.Message);
        var relay = page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin));
        await relay.ProbeAsync();
        var hostile = await page.Page.AddFrameAsync(servers.HostileOrigin(site) + "/blank.html");
        await hostile.EvaluateAsync(PageScripts.Load("install-junk"));
        var marker = Guid.NewGuid().ToString("N");

        var attack = await hostile.EvaluateAsync<JsonElement>(
            PageScripts.Load("attack-sibling-relay"),
            new
            {
                url = $"{servers.ServiceOrigin}/api/items/{marker}",
                hostileUrl = servers.HostileOrigin(site) + "/blank.html?navigated",
                version = await page.Page.EvaluateAsync<int>("() => bridge.PROTOCOL_VERSION"),
            });
        var posted = attack.GetProperty("posted").GetInt32();
        TestContext.Current.TestOutputHelper?.WriteLine($"navigation attempt: {attack.GetProperty("navigation")}");

        // The probe in the relay document counts after the relay's own listener: once it has seen them all, the relay
        // has handled them all (and the probe being there shows the document was not replaced).
        await relay.ArrivedAsync(posted);
        var second = await page.BridgeFetchAsync($"{servers.ServiceOrigin}/api/echo?marker={marker}-page");

        Assert.Equal(1, attack.GetProperty("frames").GetInt32());
        Assert.Equal(new RelayStats(posted, 0, 2), await relay.StatsAsync());
        Assert.True(second.Ok, second.Message);
        Assert.Equal(1, await page.Page.EvaluateAsync<int>("() => document.querySelectorAll('iframe[title=\"Bridge relay\"]').length"));
        Assert.Equal([$"GET /api/echo?marker={marker}-page"], servers.Journal.Matching(marker));
        Assert.Empty(await hostile.EvaluateAsync<string[]>("() => window.received"));
        Assert.Empty(await relay.ErrorsAsync());
    }

    [Theory]
    [InlineData("sandboxed srcdoc")]
    [InlineData("data: URL")]
    public async Task AnOpaqueOriginFrameInsideAnAllowedPageGetsNoRelay(string kind)
    {
        // A frame whose origin is "null" runs bridge.js from the service: the relay can never answer "null".
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");
        var marker = Guid.NewGuid().ToString("N");
        var document = FetchingFrameDocument($"{servers.ServiceOrigin}/api/items/{marker}");

        var outcome = await page.EvaluateAsync<OpaqueOutcome>(PageScripts.Load("open-opaque-frame"), new { kind, document });

        Assert.Equal("null", outcome.Origin);
        Assert.False(outcome.Ok, $"a page with origin \"null\" got status {outcome.Status}");
        Assert.Equal("TypeError", outcome.Name);
        Assert.Equal("relay-unanswered", outcome.Code);
        Assert.Equal(0, await page.Page.LiveRelayCountAsync());
        Assert.Empty(servers.Journal.Matching(marker));
    }

    /// <summary>
    /// A frame document that loads bridge.js from the service and calls it on <paramref name="url"/>
    /// (PageScripts/ScriptElements/fetch-and-tell-parent.js), which it reads from a JSON block.
    /// </summary>
    private string FetchingFrameDocument(string url) =>
        $"""
        <!doctype html><script src="{WebUtility.HtmlEncode(servers.ServiceOrigin)}/bridge/bridge.js"></script>
        <script type="application/json" id="call">{JsonSerializer.Serialize(new { url })}</script>
        <script>
        {PageScripts.ScriptElement("fetch-and-tell-parent")}
        </script>
        """;

    /// <summary>
    /// bridge.fetch with a 1 s answer timeout instead of 3 s: a live relay answers the hello at once, and each test
    /// also checks that no frame holds a live relay, so a slow relay cannot pass for a refused one.
    /// </summary>
    private static async Task<FetchOutcome> BridgeFetchAsync(IFrame frame, string url)
    {
        await frame.EvaluateAsync("options => bridge.configure(options)", new { answerTimeout = 1000 });
        var result = await frame.EvaluateAsync<JsonElement>(PageScripts.Load("describe-fetch"), new { url, init = (object?)null, useBridge = true });
        return result.Deserialize<FetchOutcome>(Json)!;
    }

    public sealed record OpaqueOutcome(bool Ok, int? Status, string? Name, string? Code, string? Message, string Origin);
}

[Collection(ChromiumEngine.Name)]
public sealed class HostileFramesInChromium(ChromiumFixture browser, BridgeServers servers) : HostileFrames(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class HostileFramesInFirefox(FirefoxFixture browser, BridgeServers servers) : HostileFrames(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class HostileFramesInWebKit(WebKitFixture browser, BridgeServers servers) : HostileFrames(browser, servers);
