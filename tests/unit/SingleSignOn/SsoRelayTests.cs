using Bridge.UnitTests.Infrastructure;
using static Bridge.UnitTests.SingleSignOn.SsoTestHosts;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>The relay on the SSO service: one page per app origin, with the SSO's two API paths and cookies, and nobody else.</summary>
public sealed class SsoRelayTests
{
    [Theory]
    [InlineData(Foo)]
    [InlineData(Other)]
    public async Task EachAppGetsARelayPageFramedByItAloneWithTheStatusAndTokenPaths(string origin)
    {
        await using var hosts = await StartAsync();
        using var client = hosts.SsoClient();

        using var response = await client.GetAsync("/bridge/relay.html?origin=" + Uri.EscapeDataString(origin), Cancellation);
        var page = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Contains($"frame-ancestors {origin};", response.Header("Content-Security-Policy") + ";", StringComparison.Ordinal);
        Assert.Contains("/sso/status", page, StringComparison.Ordinal);
        Assert.Contains("/sso/token", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/sso/redeem", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/sso/logout", page, StringComparison.Ordinal);
        Assert.DoesNotContain(origin == Foo ? Other : Foo, page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Stranger)]
    [InlineData("http://localhost:5080")]
    public async Task AnyOtherOriginGetsAPageNoOneMayFrame(string origin)
    {
        // The demo service's policy in the host's Bridge:Relay section is not the SSO's.
        var configuration = Configuration();
        configuration["Bridge:Relay:Sites:0:Origins:0"] = "http://localhost:5080";
        configuration["Bridge:Relay:Sites:0:Paths:0"] = "/**";
        configuration["Bridge:Relay:Sites:0:AllowCredentials"] = "true";
        await using var hosts = await StartAsync(configuration: configuration);
        using var client = hosts.SsoClient();

        using var response = await client.GetAsync("/bridge/relay.html?origin=" + Uri.EscapeDataString(origin), Cancellation);

        Assert.Contains("frame-ancestors 'none'", response.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.DoesNotContain("/sso/token", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }
}
