using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// The app on the SSO's site (foo.example.localhost): after the SSO's sign-in form, the demo page's flow ends with the
/// app signed in through CORS and through the bridge, with no click; logging out of the SSO ends its session for real.
/// </summary>
public abstract class SingleSignOnSameSite(BrowserFixture browser, SsoServers servers)
{
    [Fact]
    public async Task AfterSigningInAtTheSsoBothWaysSignTheAppInSilently()
    {
        await using var session = await SsoBrowser.OpenAsync(browser);
        await session.SignInAtSsoAsync(servers);

        await session.Page.GotoAsync(servers.SameSiteApp + "/");

        var page = session.Page;
        await Assertions.Expect(page.Locator("#cors-way")).ToHaveAttributeAsync("data-outcome", "app-signed-in");
        await Assertions.Expect(page.Locator("#bridge-way")).ToHaveAttributeAsync("data-outcome", "app-signed-in");
        await Assertions.Expect(page.Locator("#app-state")).ToHaveAttributeAsync("data-state", "signed-in");
        await Assertions.Expect(page.Locator("#bridge-continue")).ToBeHiddenAsync();
        // Each way minted its own token with the SSO's cookie: CORS from the app's origin, the bridge from its relay.
        var tokenCalls = servers.Requests.From(session.Marker).Where(entry => entry is { Method: "POST", Path: "/sso/token" }).ToList();
        Assert.Equal(2, tokenCalls.Count);
        Assert.All(tokenCalls, entry => Assert.True(entry.HadSessionCookie));
        Assert.Contains(tokenCalls, entry => entry.Origin == servers.SameSiteApp);
        Assert.Contains(tokenCalls, entry => entry.Origin == servers.SsoOrigin);
    }

    [Fact]
    public async Task LogoutAtTheSsoEndsItsSessionAndTheNextStatusIsSignedOut()
    {
        await using var session = await SsoBrowser.OpenAsync(browser);
        await session.SignInAtSsoAsync(servers);
        var page = session.Page;
        await page.GotoAsync(servers.SameSiteApp + "/");
        await Assertions.Expect(page.Locator("#cors-way")).ToHaveAttributeAsync("data-outcome", "app-signed-in");
        await Assertions.Expect(page.Locator("#bridge-way")).ToHaveAttributeAsync("data-outcome", "app-signed-in");

        await page.Locator("#sso-logout").ClickAsync();
        await Assertions.Expect(page.Locator("#sso-logout-result")).ToContainTextAsync("200");
        await page.Locator("#cors-run").ClickAsync();
        await page.Locator("#bridge-run").ClickAsync();

        await Assertions.Expect(page.Locator("#cors-way")).ToHaveAttributeAsync("data-outcome", "sso-signed-out");
        await Assertions.Expect(page.Locator("#bridge-way")).ToHaveAttributeAsync("data-outcome", "sso-signed-out");
        // Truly signed out: the browser holds no SSO session cookie any more, so no call of any kind could find one.
        var cookies = await page.Context.CookiesAsync([servers.SsoOrigin]);
        Assert.DoesNotContain(cookies, cookie => cookie.Name == SingleSignOn.Service.SsoEndpoints.CookieName);
    }
}

[Collection(ChromiumSingleSignOn.Name)]
public sealed class SingleSignOnSameSiteInChromium(ChromiumBlockingPopupsFixture browser, SsoServers servers) : SingleSignOnSameSite(browser, servers);

[Collection(FirefoxSingleSignOn.Name)]
public sealed class SingleSignOnSameSiteInFirefox(FirefoxBlockingPopupsFixture browser, SsoServers servers) : SingleSignOnSameSite(browser, servers);
