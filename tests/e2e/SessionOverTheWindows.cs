using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// A relay frame of the page's own site runs in the page's process, where the two windows' postMessage is much
/// faster than a port (window-port.ts): the session goes over the windows. Other frames keep the port. Over the
/// windows the session hears only the other window itself, from its exact origin: a frame of the relay's origin
/// that is not the relay cannot speak for it, and a frame beside the page cannot speak for the page.
/// </summary>
public abstract class SessionOverTheWindows(BrowserFixture browser, BridgeServers servers)
{
    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task ASameSiteRelayTalksOverTheWindowsAndACrossSiteRelayOverAPort(SiteKind site)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin, preconnect: "none");
        await page.Page.EvaluateAsync(PageScripts.Load("record-relay-window-messages"), servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.BridgeFetchAsync($"{servers.ServiceOrigin}/api/items/{marker}-call");
        var relay = page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin));
        await relay.ProbeAsync();
        // The page's own window posts a request to the relay's window by hand. Over the windows that is the session;
        // a port session takes it too, since its parent's window is where calls made during the handshake come
        // (SECURITY.md), but answers over the port, so the page's window hears only the ready.
        var version = await page.Page.EvaluateAsync<int>("() => bridge.PROTOCOL_VERSION");
        await page.Page.EvaluateAsync(
            PageScripts.Load("post-request-to-relay"),
            new { url = $"{servers.ServiceOrigin}/api/items/{marker}-by-hand", version, relayOrigin = servers.ServiceOrigin });
        await relay.ArrivedAsync(1);

        Assert.True(outcome.Ok, outcome.Message);
        if (site == SiteKind.SameSite)
        {
            await page.Page.WaitForFunctionAsync("() => window.relayWindowMessages.length === 3");
            Assert.Equal(["ready", "response", "response"], await page.Page.EvaluateAsync<string[]>("() => window.relayWindowMessages"));
        }
        else
        {
            // Its answer goes over the port, to no call of the page's: the relay's count says when it has gone.
            await relay.WaitForFunctionAsync("() => window.bridgeRelayStats.relayedRequests === 2");
            Assert.Equal(["ready"], await page.Page.EvaluateAsync<string[]>("() => window.relayWindowMessages"));
        }
        Assert.Equal([$"GET /api/items/{marker}-call", $"GET /api/items/{marker}-by-hand"], servers.Journal.Matching(marker));
        Assert.Equal(new RelayStats(0, 0, 2), await relay.StatsAsync());
        Assert.Empty(await relay.ErrorsAsync());
    }

    /// <summary>
    /// A page of the service in another frame of the page has the relay's origin, not its window: what it posts to
    /// the page in the session's version ("closing", an answer, a pong) ends nothing. Posted by the relay's window,
    /// the same "closing" ends the session, and bridge.js removes the frame: the forgery would have counted.
    /// </summary>
    [Fact]
    public async Task AFrameOfTheRelaysOriginCannotSpeakForTheRelay()
    {
        var (page, relay) = await OpenSameSiteSessionAsync();
        await using var _ = page;
        var service = await page.Page.AddFrameAsync(servers.ServicePage);
        await page.Page.EvaluateAsync(PageScripts.Load("install-sentinel-wait"));
        var version = await page.Page.EvaluateAsync<int>("() => bridge.PROTOCOL_VERSION");
        object[] forgeries =
        [
            new { ns = "bridge", v = version, type = "closing" },
            new { ns = "bridge", v = version, type = "pong", id = "forged" },
            new { ns = "bridge", v = version, type = "failure", id = "forged", code = "network-error", message = "forged" },
        ];

        foreach (var (message, index) in forgeries.Select((message, index) => (message, index)))
        {
            await service.EvaluateAsync(PageScripts.Load("post-to-page"), new { message, pageOrigin = page.Origin, sentinel = $"service-{index}" });
            await page.Page.EvaluateAsync("name => window.sentinelArrived(name)", $"service-{index}");
        }
        var second = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");

        Assert.True(second.Ok, second.Message);
        Assert.Equal([page.RelayUrl(servers.ServiceOrigin)], await RelayFrameSourcesAsync(page));
        Assert.Equal(new RelayStats(0, 0, 2), await relay.StatsAsync());

        await relay.EvaluateAsync(PageScripts.Load("post-to-page"), new { message = forgeries[0], pageOrigin = page.Origin, sentinel = "relay" });

        // Fails by its timeout if the relay's own "closing" ends nothing either.
        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('iframe[title=\"Bridge relay\"]').length === 0");
    }

    /// <summary>
    /// The relay hears its parent's window alone, over the windows and (for calls made during the handshake) beside a
    /// port: another frame of the page's very origin, which passes the origin check, posts the request the page's own
    /// window gets served (ASameSiteRelayTalksOverTheWindows…), and the relay neither sends it nor answers.
    /// </summary>
    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task ASiblingFrameOnThePagesOriginCannotSpeakForThePage(SiteKind site)
    {
        var (page, relay) = await OpenSessionAsync(site);
        await using var _ = page;
        await relay.ProbeAsync();
        await page.Page.EvaluateAsync(PageScripts.Load("record-relay-window-messages"), servers.ServiceOrigin);
        var sibling = await page.Page.AddFrameAsync(servers.AllowedOrigin(site) + "/blank.html?sibling");
        await sibling.EvaluateAsync(PageScripts.Load("record-relay-window-messages"), servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");
        var version = await page.Page.EvaluateAsync<int>("() => bridge.PROTOCOL_VERSION");

        await sibling.EvaluateAsync(
            PageScripts.Load("post-request-to-relay"),
            new { url = $"{servers.ServiceOrigin}/api/items/{marker}", version, relayOrigin = servers.ServiceOrigin });
        await relay.ArrivedAsync(1);
        var second = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");

        Assert.True(second.Ok, second.Message);
        Assert.Empty(servers.Journal.Matching(marker));
        Assert.Equal(new RelayStats(1, 0, 2), await relay.StatsAsync());
        // Over the windows the page's second call is answered to its window; beside a port, nothing comes there.
        Assert.Equal(site == SiteKind.SameSite ? ["response"] : [], await page.Page.EvaluateAsync<string[]>("() => window.relayWindowMessages"));
        Assert.Empty(await sibling.EvaluateAsync<string[]>("() => window.relayWindowMessages"));
        Assert.Empty(await relay.ErrorsAsync());
    }

    /// <summary>A page on the service's site whose first call has gone over the windows, and its relay frame.</summary>
    private Task<(BrowserPage Page, IFrame Relay)> OpenSameSiteSessionAsync() => OpenSessionAsync(SiteKind.SameSite);

    /// <summary>A page whose first call has been answered (over the windows on the service's site, else a port), and its relay frame.</summary>
    private async Task<(BrowserPage Page, IFrame Relay)> OpenSessionAsync(SiteKind site)
    {
        var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin);
        var first = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");
        Assert.True(first.Ok, first.Message);
        return (page, page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin)));
    }

    /// <summary>The src of the page's relay frames (the page also frames a page of the service, which is not one).</summary>
    private static Task<string[]> RelayFrameSourcesAsync(BrowserPage page) =>
        page.Page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('iframe[title=\"Bridge relay\"]'), (frame) => frame.src)");

}

[Collection(ChromiumEngine.Name)]
public sealed class SessionOverTheWindowsInChromium(ChromiumFixture browser, BridgeServers servers) : SessionOverTheWindows(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class SessionOverTheWindowsInFirefox(FirefoxFixture browser, BridgeServers servers) : SessionOverTheWindows(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class SessionOverTheWindowsInWebKit(WebKitFixture browser, BridgeServers servers) : SessionOverTheWindows(browser, servers);
