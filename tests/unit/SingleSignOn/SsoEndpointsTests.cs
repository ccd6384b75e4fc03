using System.Net;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.Logging;
using static Bridge.UnitTests.SingleSignOn.SsoTestHosts;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>
/// The SSO endpoints the apps' pages call: the status, the token (bound to the app that asked, and to no one else), and
/// logout; each refusal proves that no token was minted and no session changed.
/// </summary>
public sealed class SsoEndpointsTests
{
    [Fact]
    public async Task TheStatusSaysSignedOutWithoutTheCookieAndSignedInWithIt()
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();
        using var client = hosts.SsoClient();

        using var signedOut = await client.SendAsync(Get("/sso/status", Foo, cookie: null), Cancellation);
        using var signedIn = await client.SendAsync(Get("/sso/status", Foo, cookie), Cancellation);

        Assert.Equal("""{"signedIn":false}""", await signedOut.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("""{"signedIn":true,"user":"alice"}""", await signedIn.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("no-store", signedIn.Header("Cache-Control"));
    }

    [Fact]
    public async Task AnAppsPageGetsATokenBoundToItsOriginThatOnlyItsServerRedeems()
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();

        using var response = await hosts.RequestTokenAsync(Foo, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(60, body.GetProperty("expiresIn").GetInt32());
        Assert.Equal("no-store", response.Header("Cache-Control"));
        var token = body.GetProperty("token").GetString()!;
        Assert.DoesNotContain(hosts.Logs.Entries, entry => entry.Message.Contains(token, StringComparison.Ordinal));
        using var byOther = await hosts.RedeemAsync(token, "other-client", OtherSecret);
        Assert.Equal(HttpStatusCode.BadRequest, byOther.StatusCode);
    }

    [Theory]
    [InlineData(Stranger)]
    [InlineData(Sso)]
    [InlineData("http://foo.example.localhost:5099")]
    [InlineData("https://foo.example.localhost:5091")]
    [InlineData("null")]
    [InlineData(null)]
    public async Task AnOriginThatIsNotAnAppGetsNoToken(string? origin)
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();

        using var response = await hosts.RequestTokenAsync(origin, cookie);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("token\"", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(0, hosts.Tokens.Stored);
        Assert.Contains(hosts.Logs.AtLevel(LogLevel.Warning), entry => entry.EventId.Id == 1 && entry.Message.Contains("SSO refused a token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutASessionTheAnswerIsSignedOutAndNoTokenIsMinted()
    {
        await using var hosts = await StartAsync();

        using var response = await hosts.RequestTokenAsync(Foo, cookie: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"signedIn":false}""", await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(0, hosts.Tokens.Stored);
    }

    [Theory]
    [InlineData("""{"request":"something else"}""", "application/json")]
    [InlineData("""["authentication token"]""", "application/json")]
    [InlineData("""{"request":"authentication token"}""", "text/plain")]
    [InlineData("request=authentication+token", "application/x-www-form-urlencoded")]
    [InlineData("{", "application/json")]
    public async Task ARequestThatDoesNotAskForATokenGetsNone(string body, string contentType)
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();

        using var response = await hosts.RequestTokenAsync(Foo, cookie, request =>
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("authentication token", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(0, hosts.Tokens.Stored);
    }

    [Fact]
    public async Task ThroughTheRelayTheTokenIsBoundToTheOriginTheRelayVerified()
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();

        // As the relay page on the SSO's origin sends it: same-origin, with the page's origin in Bridge-Relay-Origin.
        using var response = await hosts.RequestTokenAsync(Sso, cookie, request =>
        {
            request.Headers.Add("Bridge-Relay-Origin", Other);
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await ReadJsonAsync(response)).GetProperty("token").GetString()!;
        using var byFoo = await hosts.RedeemAsync(token, "foo-client", FooSecret);
        Assert.Equal(HttpStatusCode.BadRequest, byFoo.StatusCode);
        var minted = await hosts.MintThroughRelayAsync(Other, cookie);
        using var byOther = await hosts.RedeemAsync(minted, "other-client", OtherSecret);
        Assert.Equal(HttpStatusCode.OK, byOther.StatusCode);
    }

    [Theory]
    [InlineData(Other, "cross-site")]
    [InlineData(Other, "same-site")]
    [InlineData(Stranger, "same-origin")]
    [InlineData(Stranger, null)]
    [InlineData("*", null)]
    public async Task AForgedRelayOriginGetsNoToken(string relayOrigin, string? fetchSite)
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();

        // A page on another origin naming an app in the relay's header: the relay's middleware refuses it before the
        // endpoint runs (its Sec-Fetch-Site is not same-origin, or the origin is no app's).
        using var response = await hosts.RequestTokenAsync(Stranger, cookie, request =>
        {
            request.Headers.Add("Bridge-Relay-Origin", relayOrigin);
            if (fetchSite is not null)
            {
                request.Headers.Add("Sec-Fetch-Site", fetchSite);
            }
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, hosts.Tokens.Stored);
    }

    [Fact]
    public async Task NoPreflightForTheRelayOriginHeaderIsGranted()
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();
        using var preflight = CorsRequests.Preflight("/sso/token", Foo, "POST", "content-type,bridge-relay-origin");

        using var response = await client.SendAsync(preflight, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Header("Access-Control-Allow-Origin"));
        Assert.Equal(0, hosts.Tokens.Stored);
    }

    [Fact]
    public async Task TheRelayServesOnlyTheStatusAndTheToken()
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();
        using var client = hosts.SsoClient();
        using var logout = Json(HttpMethod.Post, "/sso/logout", new { }, Sso, cookie);
        logout.Headers.Add("Bridge-Relay-Origin", Foo);
        logout.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var redeem = Json(HttpMethod.Post, "/sso/redeem", new { token = "x" }, Sso, cookie);
        redeem.Headers.Add("Bridge-Relay-Origin", Foo);

        using var logoutResponse = await client.SendAsync(logout, Cancellation);
        using var redeemResponse = await client.SendAsync(redeem, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, logoutResponse.StatusCode);
        Assert.Null(SetCookie(logoutResponse, "__Host-bridge-sso"));
        Assert.Equal(HttpStatusCode.Forbidden, redeemResponse.StatusCode);
        Assert.Contains("path-not-allowed", await redeemResponse.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Sso)]
    [InlineData(Foo)]
    [InlineData(Other)]
    public async Task LogoutFromTheSsoOrAnAppEndsTheSession(string origin)
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();
        using var client = hosts.SsoClient();

        using var response = await client.SendAsync(Json(HttpMethod.Post, "/sso/logout", new { }, origin, cookie), Cancellation);

        Assert.Equal("""{"signedIn":false}""", await response.Content.ReadAsStringAsync(Cancellation));
        var cleared = SetCookie(response, "__Host-bridge-sso");
        Assert.NotNull(cleared);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Stranger, "application/json", HttpStatusCode.Forbidden)]
    [InlineData(null, "application/json", HttpStatusCode.Forbidden)]
    [InlineData(Foo, "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData(Foo, "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task AForgedLogoutIsRefusedAndTheSessionStays(string? origin, string contentType, HttpStatusCode status)
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();
        using var client = hosts.SsoClient();
        using var request = Json(HttpMethod.Post, "/sso/logout", new { }, origin, cookie);
        request.Content = new StringContent("{}", System.Text.Encoding.UTF8, contentType);

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(status, response.StatusCode);
        Assert.Null(SetCookie(response, "__Host-bridge-sso"));
        Assert.Contains(hosts.Logs.AtLevel(LogLevel.Warning), entry => entry.Message.Contains("cross-site request forgery", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Get(string path, string origin, string? cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return request;
    }
}
