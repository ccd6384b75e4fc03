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
        // The page's own window posts a request to the relay's window by hand: the session's if it is over the
        // windows, nothing the relay reads otherwise (a port session takes requests on its port alone).
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
            Assert.Equal([$"GET /api/items/{marker}-call", $"GET /api/items/{marker}-by-hand"], servers.Journal.Matching(marker));
            Assert.Equal(new RelayStats(0, 0, 2), await relay.StatsAsync());
        }
        else
        {
            Assert.Equal(["ready"], await page.Page.EvaluateAsync<string[]>("() => window.relayWindowMessages"));
            Assert.Equal([$"GET /api/items/{marker}-call"], servers.Journal.Matching(marker));
            Assert.Equal(new RelayStats(1, 0, 1), await relay.StatsAsync());
        }
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
    /// Over the windows the relay hears its parent alone: another frame of the page's very origin, which passes the
    /// origin check, posts the request the page's own window gets served (ASameSiteRelayTalksOverTheWindows…), and
    /// the relay neither sends it nor answers.
    /// </summary>
    [Fact]
    public async Task ASiblingFrameOnThePagesOriginCannotSpeakForThePage()
    {
        var (page, relay) = await OpenSameSiteSessionAsync();
        await using var _ = page;
        await relay.ProbeAsync();
        await page.Page.EvaluateAsync(PageScripts.Load("record-relay-window-messages"), servers.ServiceOrigin);
        var sibling = await page.Page.AddFrameAsync(servers.SameSiteOrigin + "/blank.html?sibling");
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
        Assert.Equal(["response"], await page.Page.EvaluateAsync<string[]>("() => window.relayWindowMessages"));
        Assert.Empty(await sibling.EvaluateAsync<string[]>("() => window.relayWindowMessages"));
        Assert.Empty(await relay.ErrorsAsync());
    }

    /// <summary>A page on the service's site whose first call has gone over the windows, and its relay frame.</summary>
    private async Task<(BrowserPage Page, IFrame Relay)> OpenSameSiteSessionAsync()
    {
        var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.SameSiteOrigin, servers.ServiceOrigin);
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
