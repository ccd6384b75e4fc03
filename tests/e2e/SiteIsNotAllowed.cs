using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>A page the service does not allow, or a relay that cannot answer: a clear error, and nothing reaches the service.</summary>
public abstract class SiteIsNotAllowed(BrowserFixture browser, BridgeServers servers)
{
    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task PageOnAnOriginNotAllowedGetsTheBridgeErrorAndTheServiceSeesNoRequest(SiteKind site)
    {
        var origin = servers.HostileOrigin(site);
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, origin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.BridgeFetchAsync($"{servers.ServiceOrigin}/api/echo?marker={marker}", new { method = "POST", body = "x" });

        Assert.False(outcome.Ok);
        Assert.Equal("TypeError", outcome.Name);
        Assert.True(outcome.IsTypeError);
        Assert.True(outcome.IsBridgeError, outcome.Message);
        Assert.Equal("relay-unanswered", outcome.Code);
        Assert.Equal($"{servers.ServiceOrigin}/bridge/relay.html", outcome.RelayUrl);
        // Indistinguishable from a service that cannot be reached, so the message is the engine's network error; the
        // explanation names the relay, the origin and the fix.
        Assert.DoesNotContain("Bridge", outcome.Message, StringComparison.Ordinal);
        Assert.Contains($"{servers.ServiceOrigin}/bridge/relay.html", outcome.Description, StringComparison.Ordinal);
        Assert.Contains(origin, outcome.Description, StringComparison.Ordinal);
        Assert.Contains("Bridge:Relay:Sites", outcome.Description, StringComparison.Ordinal);
        Assert.Empty(servers.Journal.Matching(marker));
        // The host logs who asked (from the frame's request) and that the browser refused (its CSP report).
        await servers.ServiceLog.WaitForAsync(
            entry => entry.Message.Contains($"requested for a frame on {origin}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        await servers.ServiceLog.WaitForAsync(
            entry => entry.Message.Contains("(frame-ancestors)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AnUnreachableRelayRejectsNamingTheRelay()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var dead = $"http://localhost:{servers.DeadPort}";

        await page.ConfigureBridgeAsync(new { handshakeTimeout = 5000 });
        var outcome = await page.BridgeFetchAsync(dead + "/api/hello");

        Assert.False(outcome.Ok);
        Assert.Equal("TypeError", outcome.Name);
        Assert.True(outcome.IsBridgeError, outcome.Message);
        // Chromium loads its error page into the frame, which then does not answer; Firefox never loads the frame.
        string[] codes = browser.Engine switch
        {
            "chromium" => ["relay-unanswered"],
            "firefox" => ["handshake-timeout"],
            _ => ["relay-unanswered", "handshake-timeout"],
        };
        Assert.Contains(outcome.Code, codes);
        Assert.Contains(dead + "/bridge/relay.html", outcome.Description, StringComparison.Ordinal);
        var cause = outcome.Code == "relay-unanswered" ? "the service is down" : "check that the service is up";
        Assert.Contains(cause, outcome.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageThatIsNotARelayRejectsAsUnanswered()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var notARelay = servers.ServiceOrigin + "/api/hello";

        await page.ConfigureBridgeAsync(new { relays = new Dictionary<string, string> { [servers.ServiceOrigin] = notARelay } });
        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/status/200");

        Assert.False(outcome.Ok);
        Assert.Equal("relay-unanswered", outcome.Code);
        Assert.Contains(notARelay, outcome.Description, StringComparison.Ordinal);
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class SiteIsNotAllowedInChromium(ChromiumFixture browser, BridgeServers servers) : SiteIsNotAllowed(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class SiteIsNotAllowedInFirefox(FirefoxFixture browser, BridgeServers servers) : SiteIsNotAllowed(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class SiteIsNotAllowedInWebKit(WebKitFixture browser, BridgeServers servers) : SiteIsNotAllowed(browser, servers);
