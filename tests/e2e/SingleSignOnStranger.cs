using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A page on an origin that is not an app of the SSO (stranger.localhost), with the user signed in at the SSO, gets no
/// token either way, and no call of it reaches the SSO's endpoints (a CORS preflight is answered by the policy alone).
/// </summary>
public abstract class SingleSignOnStranger(BrowserFixture browser, SsoServers servers)
{
    [Fact]
    public async Task ANonAllowedOriginGetsNoTokenAndTheSsoSeesNoRequestFromIt()
    {
        await using var session = await SsoBrowser.OpenAsync(browser);
        await session.SignInAtSsoAsync(servers);
        await session.OpenBlankAsync(servers, servers.StrangerOrigin, withBridge: true);
        var tokenUrl = servers.SsoOrigin + "/sso/token";

        var cors = await session.FetchAsync(tokenUrl, SsoBrowser.TokenRequest(credentials: true));
        var bridged = await session.FetchAsync(tokenUrl, SsoBrowser.TokenRequest(credentials: true), useBridge: true);

        Assert.False(cors.Ok);
        Assert.True(cors.IsTypeError);
        Assert.False(bridged.Ok);
        Assert.True(bridged.IsBridgeError, bridged.Message);
        Assert.Equal("relay-unanswered", bridged.Code);
        Assert.Empty(servers.Requests.EndpointCalls(session.Marker));
    }
}

[Collection(ChromiumSingleSignOn.Name)]
public sealed class SingleSignOnStrangerInChromium(ChromiumBlockingPopupsFixture browser, SsoServers servers) : SingleSignOnStranger(browser, servers);

[Collection(FirefoxSingleSignOn.Name)]
public sealed class SingleSignOnStrangerInFirefox(FirefoxBlockingPopupsFixture browser, SsoServers servers) : SingleSignOnStranger(browser, servers);
