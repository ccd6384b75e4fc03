using System.Net;
using Bridge.UnitTests.Infrastructure;
using static Bridge.UnitTests.SingleSignOn.SsoTestHosts;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>
/// The seed's way: CORS on the SSO endpoints, for the apps' exact origins, with credentials, GET and POST and
/// Content-Type only; the preflight answered with the policy alone; one origin per answer; Vary: Origin always.
/// </summary>
public sealed class CorsTests
{
    [Theory]
    [InlineData(Foo)]
    [InlineData(Other)]
    public async Task APreflightFromAnAppGetsThePolicyAloneAndTheEndpointDoesNotRun(string origin)
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();
        using var client = hosts.SsoClient();
        using var preflight = CorsRequests.Preflight("/sso/token", origin, "POST", "content-type");
        preflight.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(preflight, Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin, response.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", response.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("GET,POST", response.Header("Access-Control-Allow-Methods"));
        Assert.Equal("content-type", response.Header("Access-Control-Allow-Headers")?.ToLowerInvariant());
        Assert.Contains("Origin", response.Header("Vary") ?? "", StringComparison.Ordinal);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal(0, hosts.Tokens.Stored);
    }

    [Theory]
    [InlineData("x-requested-with")]
    [InlineData("authorization")]
    public async Task APreflightForAnotherHeaderIsNotGranted(string header)
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();

        using var response = await client.SendAsync(CorsRequests.Preflight("/sso/token", Foo, "POST", header), Cancellation);

        var granted = (response.Header("Access-Control-Allow-Headers") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(granted, name => name.Equals(header, StringComparison.OrdinalIgnoreCase) || name == "*");
    }

    [Theory]
    [InlineData("/sso/token", "POST")]
    [InlineData("/sso/status", "GET")]
    [InlineData("/sso/logout", "POST")]
    public async Task AnUnlistedOriginGetsNoCorsHeadersButVaryOrigin(string path, string method)
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();

        using var preflight = await client.SendAsync(CorsRequests.Preflight(path, Stranger, method, "content-type"), Cancellation);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", Stranger);
        using var actual = await client.SendAsync(request, Cancellation);

        foreach (var response in new[] { preflight, actual })
        {
            Assert.Null(response.Header("Access-Control-Allow-Origin"));
            Assert.Null(response.Header("Access-Control-Allow-Credentials"));
            Assert.Contains("Origin", response.Header("Vary") ?? "", StringComparison.Ordinal);
        }
        Assert.Equal(0, hosts.Tokens.Stored);
    }

    [Theory]
    [InlineData(Foo)]
    [InlineData(Other)]
    public async Task AnAnswerNamesTheOneOriginThatAskedNeverTheList(string origin)
    {
        await using var hosts = await StartAsync();
        var cookie = await hosts.SignInAsync();
        using var client = hosts.SsoClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sso/status");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request, Cancellation);
        using var token = await hosts.RequestTokenAsync(origin, cookie);

        foreach (var answer in new[] { response, token })
        {
            Assert.Equal(origin, answer.Header("Access-Control-Allow-Origin"));
            Assert.Equal("true", answer.Header("Access-Control-Allow-Credentials"));
            Assert.Contains("Origin", answer.Header("Vary") ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheBackChannelAndTheFormHaveNoCors()
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();

        using var redeem = await client.SendAsync(CorsRequests.Preflight("/sso/redeem", Foo, "POST", "authorization,content-type"), Cancellation);
        using var login = await client.SendAsync(CorsRequests.Preflight("/sso/login", Foo, "POST", "content-type"), Cancellation);

        Assert.Null(redeem.Header("Access-Control-Allow-Origin"));
        Assert.Null(login.Header("Access-Control-Allow-Origin"));
    }
}
