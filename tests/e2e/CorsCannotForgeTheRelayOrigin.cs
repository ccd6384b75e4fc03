using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A page on an origin the /cors copy of the API allows tries to send the relay's verified-origin header itself: the
/// preflight does not grant it, so the browser refuses the call and the service receives nothing but the preflight.
/// </summary>
public abstract class CorsCannotForgeTheRelayOrigin(BrowserFixture browser, BridgeServers servers)
{
    [Fact]
    public async Task ACorsCallCarryingTheRelayOriginHeaderNeverReachesTheService()
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.PlainFetchAsync(
            $"{servers.ServiceOrigin}/cors/api/echo?marker={marker}",
            new { method = "PUT", headers = new Dictionary<string, string> { ["Bridge-Relay-Origin"] = servers.CrossSiteOrigin }, body = "forged" });

        Assert.False(outcome.Ok, "the browser sent a CORS request carrying bridge-relay-origin");
        Assert.True(outcome.IsTypeError, outcome.Message);
        Assert.All(servers.Journal.Matching(marker), target => Assert.StartsWith("OPTIONS ", target, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACorsCallWithAListedHeaderIsAnswered()
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.PlainFetchAsync(
            $"{servers.ServiceOrigin}/cors/api/echo?marker={marker}",
            new { method = "PUT", headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" }, body = "{}" });

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Contains($"PUT /cors/api/echo?marker={marker}", servers.Journal.Matching(marker));
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class CorsCannotForgeTheRelayOriginInChromium(ChromiumFixture browser, BridgeServers servers) : CorsCannotForgeTheRelayOrigin(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class CorsCannotForgeTheRelayOriginInFirefox(FirefoxFixture browser, BridgeServers servers) : CorsCannotForgeTheRelayOrigin(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class CorsCannotForgeTheRelayOriginInWebKit(WebKitFixture browser, BridgeServers servers) : CorsCannotForgeTheRelayOrigin(browser, servers);
