using System.Net;
using Bridge.E2ETests.Infrastructure;
using Bridge.SingleSignOn;
using Bridge.Testing;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bridge.E2ETests;

/// <summary>
/// Two SSO instances behind one imagined load balancer, on a real Redis: a session cookie or form one instance made is
/// honoured by the other (shared Data Protection keys), and a token one minted is redeemed at the other, exactly once,
/// even when both race for it. Server to server: no browser needed.
/// </summary>
public sealed class SingleSignOnOnRedis : IAsyncLifetime
{
    private const string User = "alice";
    private const string Password = "correct horse battery staple";
    private const string Foo = "http://foo.example.localhost:5091";
    private const string Other = "http://other.localhost:5092";

    private static readonly string FooSecret = ClientSecrets.Create();
    private static readonly string OtherSecret = ClientSecrets.Create();

    private readonly List<WebApplication> instances = [];
    private readonly List<HttpClient> clients = [];
    private RedisServer? redis;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private HttpClient A => clients[0];

    private HttpClient B => clients[1];

    public async ValueTask InitializeAsync()
    {
        if (!RedisServer.IsInstalled)
        {
            return;
        }
        redis = await RedisServer.StartAsync(Cancellation);
        string[] args = [.. Configuration(redis.ConnectionString).Select(setting => $"--{setting.Key}={setting.Value}")];
        for (var i = 0; i < 2; i++)
        {
            var instance = SingleSignOnService.Build(args, configureBuilder: builder =>
            {
                // This test's configuration alone: the demo's appsettings.json would merge its apps and users in.
                foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
                {
                    builder.Configuration.Sources.Remove(json);
                }
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
            instances.Add(instance);
            await instance.StartAsync(Cancellation);
            clients.Add(new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
            {
                BaseAddress = new Uri(instance.Urls.Single()),
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
        foreach (var instance in instances)
        {
            await instance.StopAsync(CancellationToken.None);
            await instance.DisposeAsync();
        }
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASessionAndASignInFormMadeAtOneInstanceAreHonouredAtTheOther()
    {
        SkipWithoutRedis();

        // The form from A, posted to B: the antiforgery token A made is valid at B.
        var cookie = await SingleSignOnCalls.SignInAsync(A, B, User, Password, Cancellation);
        using var atA = await SingleSignOnCalls.StatusAsync(A, Foo, cookie, Cancellation);
        using var atB = await SingleSignOnCalls.StatusAsync(B, Foo, cookie, Cancellation);

        Assert.Equal("""{"signedIn":true,"user":"alice"}""", await atA.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("""{"signedIn":true,"user":"alice"}""", await atB.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task ATokenMintedAtOneInstanceIsRedeemedAtTheOtherExactlyOnce()
    {
        SkipWithoutRedis();
        var token = await MintForFooAsync(A);

        using var atB = await SingleSignOnCalls.RedeemAsync(B, token, "foo", FooSecret, Cancellation);
        using var againAtA = await SingleSignOnCalls.RedeemAsync(A, token, "foo", FooSecret, Cancellation);
        using var againAtB = await SingleSignOnCalls.RedeemAsync(B, token, "foo", FooSecret, Cancellation);

        Assert.Equal(HttpStatusCode.OK, atB.StatusCode);
        Assert.Equal("""{"user":"alice"}""", await atB.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(HttpStatusCode.BadRequest, againAtA.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, againAtB.StatusCode);
    }

    [Fact]
    public async Task OfRedemptionsRacingAtBothInstancesExactlyOneWins()
    {
        SkipWithoutRedis();
        const int Racers = 16;
        var token = await MintForFooAsync(B);

        var racers = Enumerable.Range(0, Racers).Select(async i =>
        {
            using var response = await SingleSignOnCalls.RedeemAsync(i % 2 == 0 ? A : B, token, "foo", FooSecret, Cancellation);
            return response.StatusCode;
        });
        var outcomes = await Task.WhenAll(racers);

        Assert.Single(outcomes, status => status == HttpStatusCode.OK);
        Assert.Equal(Racers - 1, outcomes.Count(status => status == HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AnotherAppCannotRedeemItAtEitherInstanceAndRedisHoldsOnlyItsHash()
    {
        SkipWithoutRedis();
        var token = await MintForFooAsync(A);

        var keys = await RedisKeysAsync();
        using var byOther = await SingleSignOnCalls.RedeemAsync(B, token, "other", OtherSecret, Cancellation);
        using var byFoo = await SingleSignOnCalls.RedeemAsync(A, token, "foo", FooSecret, Cancellation);

        Assert.Contains(keys, key => key.StartsWith("bridge-sso:token:", StringComparison.Ordinal));
        Assert.Contains("bridge-sso:data-protection-keys", keys);
        Assert.DoesNotContain(keys, key => key.Contains(token, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byFoo.StatusCode);
    }

    /// <summary>Signs alice in at <paramref name="instance"/> and has it mint a token for app foo, as foo's page asks.</summary>
    private static async Task<string> MintForFooAsync(HttpClient instance)
    {
        var cookie = await SingleSignOnCalls.SignInAsync(instance, instance, User, Password, Cancellation);
        using var minted = await SingleSignOnCalls.RequestTokenAsync(instance, Foo, cookie, Cancellation);
        return await SingleSignOnCalls.ReadTokenAsync(minted, Cancellation);
    }

    private static Dictionary<string, string> Configuration(string redis) => new()
    {
        ["SingleSignOn:ServiceUrl"] = "http://127.0.0.1:0",
        ["SingleSignOn:Redis"] = redis,
        [$"SingleSignOn:Users:{User}:PasswordHash"] = Passwords.Hash(Password),
        ["SingleSignOn:Apps:foo:Origin"] = Foo,
        ["SingleSignOn:Apps:foo:ClientId"] = "foo",
        ["SingleSignOn:Apps:foo:ClientSecretHash"] = ClientSecrets.Hash(FooSecret),
        ["SingleSignOn:Apps:other:Origin"] = Other,
        ["SingleSignOn:Apps:other:ClientId"] = "other",
        ["SingleSignOn:Apps:other:ClientSecretHash"] = ClientSecrets.Hash(OtherSecret),
    };

    private void SkipWithoutRedis()
    {
        if (redis is null)
        {
            Assert.Skip($"{RedisServer.Executable} is not installed: install the Debian package redis-server (scripts/test.sh does, as root) to run the SSO on Redis.");
        }
    }

    /// <summary>Every key in the test's Redis, read over a connection of the test's own.</summary>
    private async Task<List<string>> RedisKeysAsync()
    {
        var options = ConfigurationOptions.Parse("allowAdmin=true");
        options.EndPoints.Add(new System.Net.Sockets.UnixDomainSocketEndPoint(redis!.ConnectionString["unix:".Length..]));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var server = connection.GetServer(connection.GetEndPoints().Single());
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync())
        {
            keys.Add(key.ToString());
        }
        return keys;
    }
}
