using System.Net;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.Logging;
using static Bridge.UnitTests.SingleSignOn.SsoTestHosts;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>
/// Steps 1 and 4 on an app's own server: its status, login with a token its server redeems over the back channel,
/// logout; only as JSON from its own origin.
/// </summary>
public sealed class AppEndpointsTests
{
    [Fact]
    public async Task LoginWithATokenStartsTheAppsOwnSession()
    {
        await using var hosts = await StartAsync(withApps: true);
        var token = await hosts.MintAsync(Foo);
        using var client = hosts.AppClient(Foo);

        using var login = await client.SendAsync(SameOrigin("/app/login", Foo, new { token }), Cancellation);
        var cookie = SetCookie(login, "__Host-bridge-app");
        using var status = new HttpRequestMessage(HttpMethod.Get, "/app/status");
        status.Headers.Add("Cookie", cookie!.Split(';')[0]);
        using var signedIn = await client.SendAsync(status, Cancellation);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("""{"signedIn":true,"user":"alice"}""", await login.Content.ReadAsStringAsync(Cancellation));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToArray();
        Assert.Contains("httponly", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        Assert.Equal("""{"signedIn":true,"user":"alice"}""", await signedIn.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task WithoutItsCookieTheAppSaysSignedOut()
    {
        await using var hosts = await StartAsync(withApps: true);
        using var client = hosts.AppClient(Other);

        Assert.Equal("""{"signedIn":false}""", await client.GetStringAsync("/app/status", Cancellation));
    }

    [Fact]
    public async Task AnotherAppsTokenSignsNoOneInAndIsSpent()
    {
        await using var hosts = await StartAsync(withApps: true);
        var token = await hosts.MintAsync(Foo);
        using var other = hosts.AppClient(Other);

        using var login = await other.SendAsync(SameOrigin("/app/login", Other, new { token }), Cancellation);
        using var byFoo = await hosts.RedeemAsync(token, "foo-client", FooSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal("""{"signedIn":false,"error":"token-refused"}""", await login.Content.ReadAsStringAsync(Cancellation));
        Assert.Null(SetCookie(login, "__Host-bridge-app"));
        Assert.Equal(HttpStatusCode.BadRequest, byFoo.StatusCode);
    }

    [Fact]
    public async Task AReusedTokenSignsNoOneIn()
    {
        await using var hosts = await StartAsync(withApps: true);
        var token = await hosts.MintAsync(Foo);
        using var client = hosts.AppClient(Foo);

        using var first = await client.SendAsync(SameOrigin("/app/login", Foo, new { token }), Cancellation);
        using var second = await client.SendAsync(SameOrigin("/app/login", Foo, new { token }), Cancellation);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Null(SetCookie(second, "__Host-bridge-app"));
    }

    [Theory]
    [InlineData(Other, null, "application/json", HttpStatusCode.Forbidden)]
    [InlineData(Sso, null, "application/json", HttpStatusCode.Forbidden)]
    [InlineData(null, null, "application/json", HttpStatusCode.Forbidden)]
    [InlineData(Foo, "cross-site", "application/json", HttpStatusCode.Forbidden)]
    [InlineData(Foo, "same-site", "application/json", HttpStatusCode.Forbidden)]
    [InlineData(Foo, "same-origin", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData(Foo, null, "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task AForgedLoginIsRefusedAndNeitherSignsInNorSpendsTheToken(string? origin, string? fetchSite, string contentType, HttpStatusCode status)
    {
        await using var hosts = await StartAsync(withApps: true);
        var token = await hosts.MintAsync(Foo);
        using var client = hosts.AppClient(Foo);
        using var request = Json(HttpMethod.Post, "/app/login", new { token }, origin, cookie: null);
        request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(status, response.StatusCode);
        Assert.Null(SetCookie(response, "__Host-bridge-app"));
        using var redeemed = await hosts.RedeemAsync(token, "foo-client", FooSecret);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
    }

    [Theory]
    [InlineData(Other, "application/json")]
    [InlineData(Foo, "text/plain")]
    public async Task AForgedLogoutIsRefusedAndTheSessionStays(string origin, string contentType)
    {
        await using var hosts = await StartAsync(withApps: true);
        using var client = hosts.AppClient(Foo);
        using var request = Json(HttpMethod.Post, "/app/logout", new { }, origin, cookie: null);
        request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await client.SendAsync(request, Cancellation);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(SetCookie(response, "__Host-bridge-app"));
    }

    [Fact]
    public async Task LogoutFromItsOwnPageEndsTheSession()
    {
        await using var hosts = await StartAsync(withApps: true);
        using var client = hosts.AppClient(Foo);

        using var response = await client.SendAsync(SameOrigin("/app/logout", Foo, new { }), Cancellation);

        Assert.Equal("""{"signedIn":false}""", await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Contains("expires=Thu, 01 Jan 1970", SetCookie(response, "__Host-bridge-app"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ThePageNamesTheApp()
    {
        await using var hosts = await StartAsync(withApps: true);
        using var client = hosts.AppClient(Other);

        var html = await client.GetStringAsync("/", Cancellation);

        Assert.Contains("<span id=\"app-name\">other</span>", html, StringComparison.Ordinal);
        Assert.Contains(Sso, html, StringComparison.Ordinal);
    }

    private static HttpRequestMessage SameOrigin(string path, string origin, object body)
    {
        var request = Json(HttpMethod.Post, path, body, origin, cookie: null);
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return request;
    }
}
