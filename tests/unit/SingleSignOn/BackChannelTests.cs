using System.Net;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.Logging;
using static Bridge.UnitTests.SingleSignOn.SsoTestHosts;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>
/// Step 4's back channel: only an app's server with its client secret redeems, only its own tokens, each once; a
/// client that fails to authenticate does not even spend the token.
/// </summary>
public sealed class BackChannelTests
{
    [Fact]
    public async Task TheAppsServerRedeemsItsTokenOnceForTheUser()
    {
        await using var hosts = await StartAsync();
        var token = await hosts.MintAsync(Foo);

        using var first = await hosts.RedeemAsync(token, "foo-client", FooSecret);
        using var second = await hosts.RedeemAsync(token, "foo-client", FooSecret);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"user":"alice"}""", await first.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("no-store", first.Header("Cache-Control"));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("""{"error":"invalid_grant"}""", await second.Content.ReadAsStringAsync(Cancellation));
    }

    [Theory]
    [InlineData("foo-client", "wrong")]
    [InlineData("foo-client", "")]
    [InlineData("stranger", "whatever")]
    [InlineData(null, null)]
    public async Task AClientThatFailsToAuthenticateIsRefusedAndTheTokenIsNotSpent(string? clientId, string? secret)
    {
        await using var hosts = await StartAsync();
        var token = await hosts.MintAsync(Foo);

        using var refused = await hosts.RedeemAsync(token, clientId, secret);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("""{"error":"invalid_client"}""", await refused.Content.ReadAsStringAsync(Cancellation));
        Assert.StartsWith("Basic", refused.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Contains(hosts.Logs.AtLevel(LogLevel.Warning), entry => entry.Message.StartsWith("SSO back channel refused a client", StringComparison.Ordinal));
        using var redeemed = await hosts.RedeemAsync(token, "foo-client", FooSecret);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
    }

    [Fact]
    public async Task AnotherAppsServerCannotRedeemItAndSpendsIt()
    {
        await using var hosts = await StartAsync();
        var token = await hosts.MintAsync(Foo);

        using var byOther = await hosts.RedeemAsync(token, "other-client", OtherSecret);
        using var byFoo = await hosts.RedeemAsync(token, "foo-client", FooSecret);

        Assert.Equal(HttpStatusCode.BadRequest, byOther.StatusCode);
        Assert.Equal("""{"error":"invalid_grant"}""", await byOther.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(HttpStatusCode.BadRequest, byFoo.StatusCode);
        Assert.Contains(hosts.Logs.AtLevel(LogLevel.Warning), entry => entry.Message.Contains("(OtherApp; bound to " + Foo + ")", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        await using var hosts = await StartAsync();
        var token = await hosts.MintAsync(Foo);
        hosts.Clock.Advance(TimeSpan.FromMinutes(1));

        using var response = await hosts.RedeemAsync(token, "foo-client", FooSecret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(hosts.Logs.AtLevel(LogLevel.Warning), entry => entry.Message.Contains("(Expired;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWrongTokenIsRefused()
    {
        await using var hosts = await StartAsync();
        await hosts.MintAsync(Foo);

        using var response = await hosts.RedeemAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "foo-client", FooSecret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task NoRefusalLogsTheTokenOrTheSecret()
    {
        await using var hosts = await StartAsync();
        var token = await hosts.MintAsync(Foo);

        using var wrongSecret = await hosts.RedeemAsync(token, "foo-client", "not-the-secret");
        using var otherApp = await hosts.RedeemAsync(token, "other-client", OtherSecret);
        using var reused = await hosts.RedeemAsync(token, "foo-client", FooSecret);

        Assert.All(hosts.Logs.Entries, entry =>
        {
            Assert.DoesNotContain(token, entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-secret", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(OtherSecret, entry.Message, StringComparison.Ordinal);
        });
    }
}
