using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// A site the service does not allow goes around bridge.js: it frames the relay page itself and speaks the
/// protocol, or opens the relay as a popup. The relay never comes to life for it, and nothing reaches the service.
/// (bridge.fetch from such a page is <see cref="SiteIsNotAllowed"/>.)
/// </summary>
public abstract class HostileOrigins(BrowserFixture browser, BridgeServers servers)
{
    /// <summary>Which relay URL the hostile page frames.</summary>
    public enum Claim
    {
        /// <summary>The URL naming the hostile page's own origin, as bridge.js would open it there.</summary>
        ItsOwnOrigin,

        /// <summary>The URL naming an origin the service allows: a lie, which the served frame policy exposes.</summary>
        AnAllowedOrigin,

        /// <summary>The URL without an origin, which older clients open: it forwards to the one naming the hostile origin.</summary>
        NoOrigin,
    }

    [Theory]
    [InlineData(SiteKind.SameSite, Claim.ItsOwnOrigin)]
    [InlineData(SiteKind.CrossSite, Claim.ItsOwnOrigin)]
    [InlineData(SiteKind.SameSite, Claim.AnAllowedOrigin)]
    [InlineData(SiteKind.CrossSite, Claim.AnAllowedOrigin)]
    [InlineData(SiteKind.SameSite, Claim.NoOrigin)]
    [InlineData(SiteKind.CrossSite, Claim.NoOrigin)]
    public async Task AHostilePageFramingTheRelayItselfGetsNoRelayAndNoAnswer(SiteKind site, Claim claim)
    {
        var origin = servers.HostileOrigin(site);
        await using var page = await BrowserPage.OpenAsync(browser, origin + "/blank.html");
        var marker = Guid.NewGuid().ToString("N");
        await page.Page.EvaluateAsync(PageScripts.Load("install-harness"));
        var relayUrl = claim switch
        {
            Claim.ItsOwnOrigin => RelayFrames.RelayUrl(servers.ServiceOrigin, origin),
            Claim.AnAllowedOrigin => RelayFrames.RelayUrl(servers.ServiceOrigin, servers.AllowedOrigin(site)),
            _ => servers.RelayUrl(),
        };
        await page.Page.EvaluateAsync("url => harness.open(url)", relayUrl);
        if (claim == Claim.NoOrigin)
        {
            // The forwarding page serves nobody; a hello moves it to the page for this origin, which the browser refuses.
            Assert.Null(await page.Page.EvaluateAsync<string?>(PageScripts.Load("hello-as-older-clients"), 1));
        }

        // Whatever the frame holds now, post to it with "*": a hello, then a request as if a channel existed.
        var answers = await page.EvaluateAsync<string[]>(
            PageScripts.Load("post-hello-and-request-to-any-origin"),
            new { url = $"{servers.ServiceOrigin}/api/items/{marker}" });

        // The browser refused the frame (frame-ancestors): no document in the page is a relay, so nothing there can
        // ever answer. (HostileMessages shows this same harness getting "ready" from a page the relay allows.)
        Assert.Equal(0, await page.Page.LiveRelayCountAsync());
        Assert.Empty(answers);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => harness.windowMessages.map((m) => m.type)"));
        Assert.Empty(servers.Journal.Matching(marker));
    }

    [Theory]
    [InlineData(SiteKind.CrossSite, true)]
    [InlineData(SiteKind.SameSite, false)]
    [InlineData(SiteKind.CrossSite, false)]
    public async Task TheRelayOpenedAsAPopupServesOnlyAnAllowedOpener(SiteKind site, bool allowedOpener)
    {
        var origin = allowedOpener ? servers.AllowedOrigin(site) : servers.HostileOrigin(site);
        await using var page = await BrowserPage.OpenAsync(browser, origin + "/blank.html");
        var relayUrl = RelayFrames.RelayUrl(servers.ServiceOrigin, origin);

        var popup = await page.Page.RunAndWaitForPopupAsync(
            () => page.Page.EvaluateAsync("url => { window.popup = window.open(url); }", relayUrl));
        // The relay page's script is inline, so it has run by DOMContentLoaded; the load event, which waits on more,
        // once never came within the timeout under the full suite's load.
        await popup.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        // The popup echoes a sentinel to its opener after any message it gets: a relay listening for a hello would
        // have answered it before the sentinel arrives.
        await popup.EvaluateAsync(
            "() => addEventListener('message', (event) => { if (event.data === 'sentinel') opener.postMessage('sentinel', '*'); })");
        var fromPopup = await page.EvaluateAsync<string[]>(
            PageScripts.Load("hello-to-popup"),
            servers.ServiceOrigin);

        Assert.Equal(relayUrl, popup.Url);
        if (allowedOpener)
        {
            // The interactive connection: the page of an allowed origin, opened by an opener on exactly that origin,
            // answers it and says so to the user.
            Assert.Contains($"is answering {origin}", await popup.Locator("body").TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal(["ready", "sentinel"], fromPopup);
            return;
        }
        Assert.Contains("It works only inside a frame on an allowed site", await popup.Locator("body").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(["sentinel"], fromPopup);
        // Its script ran (it publishes its counters first) but listens to nobody: not even the hello was counted.
        Assert.Equal(new RelayStats(0, 0, 0), await popup.MainFrame.StatsAsync());
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class HostileOriginsInChromium(ChromiumFixture browser, BridgeServers servers) : HostileOrigins(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class HostileOriginsInFirefox(FirefoxFixture browser, BridgeServers servers) : HostileOrigins(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class HostileOriginsInWebKit(WebKitFixture browser, BridgeServers servers) : HostileOrigins(browser, servers);
