using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// The classic bridge.js opens its service's relay as it loads, so that the page's first call finds it: the frame is
/// there before any call, and the first call uses it rather than opening another. <c>data-preconnect</c> on the
/// script element names other services, or <c>none</c>; a <c>bridge.configure</c> that changes a relay opened ahead,
/// and not yet used, closes it (it was opened with the old page or settings), one that leaves it as it was keeps it.
/// </summary>
public abstract class RelayOpensOnLoad(BrowserFixture browser, BridgeServers servers)
{
    [Fact]
    public async Task TheServicesRelayOpensAsBridgeJsLoadsAndTheFirstCallUsesIt()
    {
        await using var page = await LoadAsync(preconnect: null);
        var relayUrl = page.RelayUrl(servers.ServiceOrigin);

        Assert.Equal([relayUrl], await page.RelayFramesAsync());
        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");
        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal([relayUrl], await page.RelayFramesAsync());
    }

    [Fact]
    public async Task DataPreconnectNoneOpensNothingUntilTheFirstCall()
    {
        await using var page = await LoadAsync(preconnect: "none");

        Assert.Empty(await page.RelayFramesAsync());
        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");
        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal([page.RelayUrl(servers.ServiceOrigin)], await page.RelayFramesAsync());
    }

    [Fact]
    public async Task DataPreconnectThatNamesNoServiceWarnsAndOpensNothing()
    {
        var (page, warnings) = await LoadWithWarningsAsync(preconnect: "ftp://files.example");
        await using var _ = page;

        Assert.Empty(await page.RelayFramesAsync());
        Assert.Contains(warnings, warning => warning.Contains("data-preconnect needs an http or https URL", StringComparison.Ordinal));
        Assert.True(await page.Page.EvaluateAsync<bool>("() => typeof bridge.fetch === 'function'"), "bridge.js still loaded");
    }

    [Fact]
    public async Task ConfigureClosesTheUnusedRelayAndTheNextCallOpensOneWithTheNewSettings()
    {
        await using var page = await LoadAsync(preconnect: null);
        await MarkRelayFramesAsync(page);

        await page.ConfigureBridgeAsync(new { transferStreams = true });
        Assert.Empty(await page.RelayFramesAsync());
        await page.RecordPortMessagesAsync();
        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/bytes?n=1048576");

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(["new"], await RelayFrameMarksAsync(page));
        Assert.Equal(1, await page.PortMessageCountAsync("request"));
        // A transferred stream, as configured (a 1 MiB body is too large to come inline).
        Assert.Equal(new RelayBodies(0, 0, 1), await page.Page.BodiesOfRelaysAsync(page.RelayUrl(servers.ServiceOrigin)));
    }

    [Fact]
    public async Task ConfigureThatLeavesTheRelayAsItWasKeepsItAndTheFirstCallUsesIt()
    {
        await using var page = await LoadAsync(preconnect: null);
        await MarkRelayFramesAsync(page);

        await page.ConfigureBridgeAsync(new { transferStreams = false, relays = new Dictionary<string, string> { [OtherService] = OtherService + "/bridge/relay.html" } });
        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(["opened ahead"], await RelayFrameMarksAsync(page));
    }

    /// <summary>An origin nothing serves: configuring its relay touches no other.</summary>
    private const string OtherService = "https://other-service.example";

    private static async Task MarkRelayFramesAsync(BrowserPage page) =>
        await page.Page.EvaluateAsync("() => document.querySelectorAll('iframe').forEach((frame) => { frame.dataset.mark = 'opened ahead'; })");

    private static Task<string[]> RelayFrameMarksAsync(BrowserPage page) =>
        page.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('iframe')].map((frame) => frame.dataset.mark ?? 'new')");

    private Task<BrowserPage> LoadAsync(string? preconnect) =>
        BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin, preconnect);

    private async Task<(BrowserPage Page, string[] Warnings)> LoadWithWarningsAsync(string? preconnect)
    {
        var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");
        var warnings = await page.EvaluateAsync<string[]>(
            PageScripts.Load("load-bridge-script"),
            new { src = servers.ServiceOrigin + "/bridge/bridge.js", preconnect });
        return (page, warnings);
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class RelayOpensOnLoadInChromium(ChromiumFixture browser, BridgeServers servers) : RelayOpensOnLoad(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class RelayOpensOnLoadInFirefox(FirefoxFixture browser, BridgeServers servers) : RelayOpensOnLoad(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class RelayOpensOnLoadInWebKit(WebKitFixture browser, BridgeServers servers) : RelayOpensOnLoad(browser, servers);
