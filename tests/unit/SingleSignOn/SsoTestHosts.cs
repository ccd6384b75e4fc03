using System.Text.Json;
using Bridge.SingleSignOn;
using Bridge.SingleSignOn.Apps;
using Bridge.SingleSignOn.Tokens;
using Bridge.Testing;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>
/// The SSO service and its two apps on TestServer, configured by the test alone (the host's appsettings.json is
/// dropped), with a clock the test moves, a token store that counts, and the SSO's log recorded. The apps' back
/// channel reaches the SSO's TestServer.
/// </summary>
internal sealed class SsoTestHosts : IAsyncDisposable
{
    public const string Sso = "http://sso.example.localhost:5090";
    public const string Foo = "http://foo.example.localhost:5091";
    public const string Other = "http://other.localhost:5092";
    public const string Stranger = "http://stranger.localhost:5093";
    public const string User = "alice";
    public const string Password = "correct horse battery staple";

    public static readonly string FooSecret = ClientSecrets.Create();
    public static readonly string OtherSecret = ClientSecrets.Create();

    private static readonly string PasswordHash = Passwords.Hash(Password);

    private readonly List<WebApplication> apps = [];

    public ManualClock Clock { get; } = new();

    public CountingTokenStore Tokens { get; } = new();

    public LogRecorder Logs { get; } = new();

    public WebApplication Service => apps[0];

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The SSO section as the tests configure it: alice, app foo (same site) and app other (another site).</summary>
    public static Dictionary<string, string?> Configuration() => new()
    {
        ["SingleSignOn:ServiceUrl"] = Sso,
        ["SingleSignOn:TokenLifetime"] = "00:01:00",
        [$"SingleSignOn:Users:{User}:PasswordHash"] = PasswordHash,
        ["SingleSignOn:Apps:foo:Origin"] = Foo,
        ["SingleSignOn:Apps:foo:ClientId"] = "foo-client",
        ["SingleSignOn:Apps:foo:ClientSecretHash"] = ClientSecrets.Hash(FooSecret),
        ["SingleSignOn:Apps:foo:ClientSecret"] = FooSecret,
        ["SingleSignOn:Apps:other:Origin"] = Other,
        ["SingleSignOn:Apps:other:ClientId"] = "other-client",
        ["SingleSignOn:Apps:other:ClientSecretHash"] = ClientSecrets.Hash(OtherSecret),
        ["SingleSignOn:Apps:other:ClientSecret"] = OtherSecret,
    };

    /// <summary>Starts the SSO service, and the apps when <paramref name="withApps"/>.</summary>
    public static async Task<SsoTestHosts> StartAsync(bool withApps = false, Dictionary<string, string?>? configuration = null)
    {
        var hosts = new SsoTestHosts();
        try
        {
            await hosts.BuildAndStartAsync(withApps, configuration ?? Configuration());
            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAndStartAsync(bool withApps, Dictionary<string, string?> configuration)
    {
        var service = SingleSignOnService.Build([], configureBuilder: builder =>
        {
            Configure(builder, configuration);
            builder.Logging.AddProvider(Logs);
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Services.AddSingleton<ITokenStore>(Tokens);
        });
        apps.Add(service);
        await service.StartAsync(Cancellation);
        if (withApps)
        {
            foreach (var name in new[] { "foo", "other" })
            {
                var app = SingleSignOnAppServer.Build([], name, builder =>
                {
                    Configure(builder, configuration);
                    builder.Services.AddHttpClient(BackChannelClient.HttpClientName)
                        .ConfigurePrimaryHttpMessageHandler(() => service.GetTestServer().CreateHandler());
                });
                apps.Add(app);
                await app.StartAsync(Cancellation);
            }
        }
    }

    /// <summary>A client of the SSO service, addressed by its name.</summary>
    public HttpClient SsoClient() => Client(Service, Sso);

    /// <summary>A client of app foo (index 1) or other (index 2).</summary>
    public HttpClient AppClient(string origin) => Client(apps[origin == Foo ? 1 : 2], origin);

    /// <summary>Signs <see cref="User"/> in on the SSO's form and returns the session cookie as a Cookie header value.</summary>
    public async Task<string> SignInAsync()
    {
        using var client = SsoClient();
        return await SingleSignOnCalls.SignInAsync(client, client, User, Password, Cancellation);
    }

    public static Task<(string Cookie, string Field, string Token)> GetLoginFormAsync(HttpClient client) =>
        SingleSignOnCalls.GetLoginFormAsync(client, Cancellation);

    public static Task<HttpResponseMessage> PostLoginAsync(
        HttpClient client, string? cookie, string? field, string? token, string user, string password, string? returnUrl = null) =>
        SingleSignOnCalls.PostLoginAsync(client, cookie, field, token, user, password, Cancellation, returnUrl);

    /// <summary>POST /sso/token as an app's page asks through CORS: its Origin, JSON, the SSO cookie.</summary>
    public async Task<HttpResponseMessage> RequestTokenAsync(string? origin, string? cookie, Action<HttpRequestMessage>? change = null)
    {
        using var client = SsoClient();
        return await SingleSignOnCalls.RequestTokenAsync(client, origin, cookie, Cancellation, change);
    }

    /// <summary>A token minted for <paramref name="origin"/> through CORS, for a signed-in alice.</summary>
    public async Task<string> MintAsync(string origin)
    {
        var cookie = await SignInAsync();
        using var response = await RequestTokenAsync(origin, cookie);
        return await SingleSignOnCalls.ReadTokenAsync(response, Cancellation);
    }

    /// <summary>A token minted for <paramref name="origin"/> as the relay asks for it, for the session <paramref name="cookie"/>.</summary>
    public async Task<string> MintThroughRelayAsync(string origin, string cookie)
    {
        using var response = await RequestTokenAsync(Sso, cookie, request =>
        {
            request.Headers.Add("Bridge-Relay-Origin", origin);
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
        });
        return await SingleSignOnCalls.ReadTokenAsync(response, Cancellation);
    }

    /// <summary>POST /sso/redeem as an app's server does, with the given client credentials.</summary>
    public async Task<HttpResponseMessage> RedeemAsync(string token, string? clientId, string? secret)
    {
        using var client = SsoClient();
        return await SingleSignOnCalls.RedeemAsync(client, token, clientId, secret, Cancellation);
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, object body, string? origin, string? cookie) =>
        SingleSignOnCalls.Json(method, path, body, origin, cookie);

    public static Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) => SingleSignOnCalls.ReadJsonAsync(response, Cancellation);

    public static string? SetCookie(HttpResponseMessage response, string name) => SingleSignOnCalls.SetCookie(response, name);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(apps))
        {
            await app.DisposeAsync();
        }
        Tokens.Dispose();
    }

    private static void Configure(WebApplicationBuilder builder, Dictionary<string, string?> configuration)
    {
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseTestServer();
    }

    private static HttpClient Client(WebApplication app, string origin)
    {
        var client = app.GetTestClient();
        client.BaseAddress = new Uri(origin);
        return client;
    }

}
