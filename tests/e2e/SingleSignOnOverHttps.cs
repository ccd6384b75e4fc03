using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// The same-site flow on https (a certificate the test made for the demo's names), so the cookie attributes are shown
/// to hold on real secure origins and not only on <c>*.localhost</c> over http: as the browser stored them.
/// </summary>
public abstract class SingleSignOnOverHttps(BrowserFixture browser, SsoServersOverHttps servers)
{
    [Fact]
    public async Task TheSameSiteFlowSignsTheAppInAndTheBrowserHoldsTheCookiesAsDesigned()
    {
        await using var session = await SsoBrowser.OpenAsync(browser, servers);
        await session.SignInAtSsoAsync(servers);

        await session.Page.GotoAsync(servers.SameSiteApp + "/");

        var page = session.Page;
        await Assertions.Expect(page.Locator("#cors-way")).ToHaveAttributeAsync("data-outcome", "app-signed-in");
        await Assertions.Expect(page.Locator("#bridge-way")).ToHaveAttributeAsync("data-outcome", "app-signed-in");
        await Assertions.Expect(page.Locator("#app-state")).ToHaveAttributeAsync("data-state", "signed-in");
        var cookies = await page.Context.CookiesAsync([servers.SsoOrigin, servers.SameSiteApp]);
        AssertCookie(cookies, SingleSignOn.Service.SsoEndpoints.CookieName, "sso.example.localhost", SameSiteAttribute.None);
        AssertCookie(cookies, SingleSignOn.Service.LoginEndpoints.AntiforgeryCookieName, "sso.example.localhost", SameSiteAttribute.Strict);
        AssertCookie(cookies, SingleSignOn.Apps.AppEndpoints.CookieName, "foo.example.localhost", SameSiteAttribute.Lax);
    }

    private static void AssertCookie(IReadOnlyList<BrowserContextCookiesResult> cookies, string name, string host, SameSiteAttribute sameSite)
    {
        var cookie = Assert.Single(cookies, cookie => cookie.Name == name);
        Assert.Equal(host, cookie.Domain);
        Assert.Equal("/", cookie.Path);
        Assert.True(cookie.Secure, $"{name} is not Secure.");
        Assert.True(cookie.HttpOnly, $"{name} is not HttpOnly.");
        Assert.Equal(sameSite, cookie.SameSite);
    }
}

[Collection(ChromiumSingleSignOn.Name)]
public sealed class SingleSignOnOverHttpsInChromium(ChromiumBlockingPopupsFixture browser, SsoServersOverHttps servers)
    : SingleSignOnOverHttps(browser, servers), IClassFixture<SsoServersOverHttps>;

[Collection(FirefoxSingleSignOn.Name)]
public sealed class SingleSignOnOverHttpsInFirefox(FirefoxBlockingPopupsFixture browser, SsoServersOverHttps servers)
    : SingleSignOnOverHttps(browser, servers), IClassFixture<SsoServersOverHttps>;
