using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// Step 4's back channel refuses every token but a fresh one of this app's, used once: the app's login answers
/// token-refused and no app session starts.
/// </summary>
public abstract class SingleSignOnBackChannel(BrowserFixture browser, SsoServers servers)
{
    [Fact]
    public async Task AWrongTokenIsRefused()
    {
        await using var session = await SsoBrowser.OpenAsync(browser);
        await session.OpenBlankAsync(servers, servers.SameSiteApp);

        await AssertRefusedAsync(session, "not-a-token-" + Guid.NewGuid().ToString("N"));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var token = await SameSiteTokenAsync();
        await using var session = token.Session;

        servers.Clock.Advance(servers.TokenLifetime + TimeSpan.FromSeconds(1));

        await AssertRefusedAsync(session, token.Value);
    }

    [Fact]
    public async Task AReusedTokenIsRefused()
    {
        var token = await SameSiteTokenAsync();
        await using var session = token.Session;
        Assert.Equal(200, (await session.AppLoginAsync(token.Value)).Status);
        await session.FetchAsync("/app/logout", SsoBrowser.JsonPost("{}", credentials: false));
        Assert.False(await session.AppSignedInAsync());

        await AssertRefusedAsync(session, token.Value);
    }

    [Fact]
    public async Task AnotherAppsTokenIsRefused()
    {
        var token = await SameSiteTokenAsync();
        await using var session = token.Session;

        await session.OpenBlankAsync(servers, servers.CrossSiteApp);

        await AssertRefusedAsync(session, token.Value);
    }

    private static async Task AssertRefusedAsync(SsoBrowser session, string token)
    {
        var login = await session.AppLoginAsync(token);

        Assert.Equal(401, login.Status);
        Assert.Contains("\"error\":\"token-refused\"", login.Body, StringComparison.Ordinal);
        Assert.False(await session.AppSignedInAsync());
    }

    /// <summary>A fresh token for the same-site app, from its blank page, with the user signed in at the SSO.</summary>
    private async Task<(SsoBrowser Session, string Value)> SameSiteTokenAsync()
    {
        var session = await SsoBrowser.OpenAsync(browser);
        await session.SignInAtSsoAsync(servers);
        await session.OpenBlankAsync(servers, servers.SameSiteApp);
        var token = await session.CorsTokenAsync(servers);
        Assert.NotNull(token);
        return (session, token);
    }
}

[Collection(ChromiumSingleSignOn.Name)]
public sealed class SingleSignOnBackChannelInChromium(ChromiumBlockingPopupsFixture browser, SsoServers servers) : SingleSignOnBackChannel(browser, servers);

[Collection(FirefoxSingleSignOn.Name)]
public sealed class SingleSignOnBackChannelInFirefox(FirefoxBlockingPopupsFixture browser, SsoServers servers) : SingleSignOnBackChannel(browser, servers);
