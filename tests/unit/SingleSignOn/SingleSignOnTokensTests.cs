using System.Text;
using Bridge.SingleSignOn;
using Bridge.SingleSignOn.Tokens;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>The token rules on the in-memory store: minted, bound, spent once, expired, raced.</summary>
public sealed class SingleSignOnTokensTests : IDisposable
{
    private const string Foo = SsoTestHosts.Foo;
    private const string Other = SsoTestHosts.Other;

    private readonly ManualClock clock = new();
    private readonly CountingTokenStore store = new();
    private readonly SingleSignOnTokens tokens;

    public SingleSignOnTokensTests() =>
        tokens = new SingleSignOnTokens(store, Options.Create(new SingleSignOnOptions { TokenLifetime = TimeSpan.FromSeconds(60) }), clock);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATokenIs256RandomBitsInBase64Url()
    {
        var first = await tokens.MintAsync("alice", Foo, Cancellation);
        var second = await tokens.MintAsync("alice", Foo, Cancellation);

        Assert.Equal(43, first.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task TheStoreHoldsTheTokensHashNeverTheToken()
    {
        var token = await tokens.MintAsync("alice", Foo, Cancellation);

        var (key, value) = Assert.Single(store.Entries);
        Assert.DoesNotContain(token, key, StringComparison.Ordinal);
        Assert.DoesNotContain(token, Encoding.UTF8.GetString(value), StringComparison.Ordinal);
        Assert.Null(await store.Cache.GetAsync(token, Cancellation));
    }

    [Fact]
    public async Task TheAppItWasMintedForRedeemsItOnceForTheUser()
    {
        var token = await tokens.MintAsync("alice", Foo, Cancellation);

        var first = await tokens.RedeemAsync(token, Foo, Cancellation);
        var second = await tokens.RedeemAsync(token, Foo, Cancellation);

        Assert.Equal(new Redemption(RedemptionOutcome.Redeemed, "alice", Foo), first);
        Assert.Equal(RedemptionOutcome.Unknown, second.Outcome);
        Assert.Null(second.User);
    }

    [Fact]
    public async Task AnotherAppCannotRedeemItAndSpendsIt()
    {
        var token = await tokens.MintAsync("alice", Foo, Cancellation);

        var byOther = await tokens.RedeemAsync(token, Other, Cancellation);
        var byFoo = await tokens.RedeemAsync(token, Foo, Cancellation);

        Assert.Equal(RedemptionOutcome.OtherApp, byOther.Outcome);
        Assert.Null(byOther.User);
        Assert.Equal(RedemptionOutcome.Unknown, byFoo.Outcome);
    }

    [Fact]
    public async Task AfterItsLifetimeItIsRefusedAndSpent()
    {
        var token = await tokens.MintAsync("alice", Foo, Cancellation);
        clock.Advance(TimeSpan.FromSeconds(60));

        var expired = await tokens.RedeemAsync(token, Foo, Cancellation);
        clock.Advance(-TimeSpan.FromSeconds(30));
        var again = await tokens.RedeemAsync(token, Foo, Cancellation);

        Assert.Equal(RedemptionOutcome.Expired, expired.Outcome);
        Assert.Null(expired.User);
        Assert.Equal(RedemptionOutcome.Unknown, again.Outcome);
    }

    [Fact]
    public async Task JustBeforeItsLifetimeEndsItIsRedeemed()
    {
        var token = await tokens.MintAsync("alice", Foo, Cancellation);
        clock.Advance(TimeSpan.FromSeconds(59));

        Assert.Equal(RedemptionOutcome.Redeemed, (await tokens.RedeemAsync(token, Foo, Cancellation)).Outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AWrongTokenIsUnknown(string token)
    {
        await tokens.MintAsync("alice", Foo, Cancellation);

        Assert.Equal(RedemptionOutcome.Unknown, (await tokens.RedeemAsync(token, Foo, Cancellation)).Outcome);
    }

    [Fact]
    public async Task OfManyConcurrentRedemptionsExactlyOneSucceeds()
    {
        const int Racers = 64;
        var token = await tokens.MintAsync("alice", Foo, Cancellation);
        using var start = new ManualResetEventSlim();

        var racers = Enumerable.Range(0, Racers).Select(_ => Task.Run(async () =>
        {
            start.Wait(Cancellation);
            return await tokens.RedeemAsync(token, Foo, Cancellation);
        }, Cancellation)).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(racers);

        Assert.Single(outcomes, outcome => outcome.Outcome == RedemptionOutcome.Redeemed);
        Assert.Equal(Racers - 1, outcomes.Count(outcome => outcome.Outcome == RedemptionOutcome.Unknown));
    }

    public void Dispose() => store.Dispose();
}
