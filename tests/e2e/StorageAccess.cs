using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A credentialed call from a relay frame that cannot see the service's cookies (a frame under another site, which
/// the browser blocks or partitions) is refused with storage-access-required before anything is sent, instead of
/// reaching the service without them; under the same site the cookies go along as ever. Each cross-site test first
/// proves the blocking is on: the service's plain <c>SameSite=None; Secure</c> cookie is not sent from its frame.
/// </summary>
public abstract class StorageAccess(BrowserFixture browser, BridgeServers servers)
{
    [Fact]
    public async Task ACrossSiteCredentialedCallIsRefusedBeforeReachingTheService()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await GiveTheServiceASessionCookieAsync(page);
        await page.PreconnectAsync(servers.ServiceOrigin);

        // Control: the relay frame's own fetch under the other site goes without the cookie, so blocking is on.
        var relayFrame = page.Page.Frames.Single(frame => frame.Url.StartsWith(servers.ServiceOrigin, StringComparison.Ordinal));
        var frameCookies = await relayFrame.EvaluateAsync<string[]>(
            "url => fetch(url, { credentials: 'include' }).then((response) => response.json()).then((echo) => echo.cookies)",
            $"{servers.ServiceOrigin}/api/echo?marker={marker}-control");
        Assert.Empty(frameCookies);

        var included = await page.BridgeFetchAsync($"{servers.ServiceOrigin}/api/echo?marker={marker}-include", new { credentials = "include" });
        var omitted = await page.BridgeFetchAsync($"{servers.ServiceOrigin}/api/echo?marker={marker}-omit");

        Assert.False(included.Ok);
        Assert.Equal("storage-access-required", included.Code);
        Assert.Contains("bridge.connect", included.Description, StringComparison.Ordinal);
        Assert.True(omitted.Ok, omitted.Message);
        Assert.Equal(
            [$"GET /api/echo?marker={marker}-control", $"GET /api/echo?marker={marker}-omit"],
            servers.Journal.Matching(marker));
    }

    [Fact]
    public async Task ASameSiteCredentialedCallCarriesTheServicesCookie()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.SameSiteOrigin, servers.ServiceOrigin);
        await GiveTheServiceASessionCookieAsync(page);

        var included = await page.BridgeFetchAsync($"{servers.ServiceOrigin}/api/echo?marker={marker}", new { credentials = "include" });

        Assert.True(included.Ok, included.Message);
        Assert.Contains("\"session\"", included.Body, StringComparison.Ordinal);
    }

    /// <summary>
    /// A plain <c>SameSite=None; Secure</c> session cookie of the service (localhost keeps Secure cookies over http).
    /// Set by domain: Playwright drops a Secure cookie given with an http URL. Checked, so no test passes without it.
    /// </summary>
    private async Task GiveTheServiceASessionCookieAsync(BrowserPage page)
    {
        var host = new Uri(servers.ServiceOrigin).Host;
        await page.Page.Context.AddCookiesAsync(
            [new() { Name = "session", Value = "secret", Domain = host, Path = "/", Secure = true, SameSite = Microsoft.Playwright.SameSiteAttribute.None }]);
        Assert.Contains(await page.Page.Context.CookiesAsync(servers.ServiceOrigin + "/"), cookie => cookie.Name == "session");
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class StorageAccessInChromium(ChromiumFixture browser, BridgeServers servers) : StorageAccess(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class StorageAccessInFirefox(FirefoxFixture browser, BridgeServers servers) : StorageAccess(browser, servers);
