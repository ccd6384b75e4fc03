using System.Net;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.Logging;
using static Bridge.UnitTests.SingleSignOn.SsoTestHosts;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>Step 5: the sign-in form, its antiforgery token, the session cookie's attributes, the return path.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task TheFormCannotBeFramedAndIsNotCached()
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();

        using var response = await client.GetAsync("/sso/login", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", response.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", response.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("no-store", response.Header("Cache-Control"), StringComparison.Ordinal);
        Assert.Empty(hosts.Logs.AtLevel(LogLevel.Warning));
        var antiforgery = SetCookie(response, "bridge-sso-antiforgery");
        Assert.NotNull(antiforgery);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SigningInSetsAnHttpOnlySecureSameSiteNoneHostCookie()
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();
        var (cookie, field, token) = await GetLoginFormAsync(client);

        using var response = await PostLoginAsync(client, cookie, field, token, User, Password);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/sso/login", response.Headers.Location?.OriginalString);
        var session = SetCookie(response, "__Host-bridge-sso")!;
        var attributes = session.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToArray();
        Assert.Contains("httponly", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("samesite=none", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, attribute => attribute.StartsWith("domain", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, session, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALICE")]
    [InlineData("alice")]
    public async Task TheUserNameIsNotCaseSensitiveAndTheSessionHasTheConfiguredName(string userName)
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();
        var (cookie, field, token) = await GetLoginFormAsync(client);

        using var response = await PostLoginAsync(client, cookie, field, token, userName, Password);
        using var status = new HttpRequestMessage(HttpMethod.Get, "/sso/status");
        status.Headers.Add("Cookie", SetCookie(response, "__Host-bridge-sso")!.Split(';')[0]);
        using var answer = await client.SendAsync(status, Cancellation);

        Assert.Equal("""{"signedIn":true,"user":"alice"}""", await answer.Content.ReadAsStringAsync(Cancellation));
    }

    [Theory]
    [InlineData(User, "hunter2-not-it")]
    [InlineData("bob", Password)]
    [InlineData("", "")]
    public async Task AWrongUserOrPasswordStartsNoSession(string user, string password)
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();
        var (cookie, field, token) = await GetLoginFormAsync(client);

        using var response = await PostLoginAsync(client, cookie, field, token, user, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Wrong user name or password.", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Null(SetCookie(response, "__Host-bridge-sso"));
        var refusal = Assert.Single(hosts.Logs.AtLevel(LogLevel.Warning), entry => entry.Message.Contains("sign-in failed", StringComparison.Ordinal));
        Assert.DoesNotContain(password.Length > 0 ? password : "\0", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task WithoutTheAntiforgeryCookieAndFieldNoOneSignsIn(bool withCookie, bool withField)
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();
        var (cookie, field, token) = await GetLoginFormAsync(client);

        using var response = await PostLoginAsync(client, withCookie ? cookie : null, withField ? field : null, withField ? token : null, User, Password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SetCookie(response, "__Host-bridge-sso"));
        Assert.Contains(hosts.Logs.AtLevel(LogLevel.Warning), entry => entry.Message.Contains("antiforgery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherFormsAntiforgeryTokenIsRefused()
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();
        var (cookie, _, _) = await GetLoginFormAsync(client);
        var (_, field, token) = await GetLoginFormAsync(client);

        using var response = await PostLoginAsync(client, cookie, field, token, User, Password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SetCookie(response, "__Host-bridge-sso"));
    }

    [Theory]
    [InlineData("/sso/status", "/sso/status")]
    [InlineData("/done?x=1", "/done?x=1")]
    [InlineData("//evil.localhost/", "/sso/login")]
    [InlineData("/\\evil.localhost/", "/sso/login")]
    [InlineData("http://evil.localhost/", "/sso/login")]
    [InlineData("javascript:alert(1)", "/sso/login")]
    public async Task TheReturnPathIsAPathOnTheSsoOriginOrNothing(string returnUrl, string location)
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();
        var (cookie, field, token) = await GetLoginFormAsync(client);

        using var response = await PostLoginAsync(client, cookie, field, token, User, Password, returnUrl);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TheFormEncodesWhatItIsGiven()
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();

        var html = await client.GetStringAsync("/sso/login?returnUrl=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E", Cancellation);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;script&gt;", html, StringComparison.Ordinal);
    }
}
