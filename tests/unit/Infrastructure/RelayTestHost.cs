using Bridge.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Infrastructure;

/// <summary>A started in-process host (TestServer) with the relay added and mapped, and a client for it.</summary>
internal sealed class RelayTestHost : IAsyncDisposable
{
    /// <summary>The two origins of the demo site: one site, seen from localhost and from 127.0.0.1.</summary>
    public static readonly IReadOnlyList<string> SiteOrigins = ["http://localhost:5080", "http://127.0.0.1:5080"];

    private readonly WebApplication app;

    private RelayTestHost(WebApplication app)
    {
        this.app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public static Task<RelayTestHost> StartAsync(string prefix = "/bridge") => StartAsync(RelayConfiguration.Policy(SiteOrigins), prefix);

    /// <summary>
    /// Starts a host with <paramref name="policy"/>; <paramref name="configure"/> adds the app's own services,
    /// <paramref name="map"/> its middleware and endpoints, and <paramref name="logs"/> records what it logs.
    /// </summary>
    public static async Task<RelayTestHost> StartAsync(
        BridgeRelayOptions policy,
        string prefix = "/bridge",
        Action<WebApplication>? map = null,
        Action<WebApplicationBuilder>? configure = null,
        LogRecorder? logs = null)
    {
        var app = Build(policy, addRelay: true, builder =>
        {
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
            configure?.Invoke(builder);
        });
        map?.Invoke(app);
        app.MapBridgeRelay(prefix);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RelayTestHost(app);
    }

    /// <summary>
    /// A host on TestServer whose only configuration is the given policy: the sources a default builder adds
    /// (the host's appsettings.json copied beside the tests, environment variables) are cleared so they cannot leak in.
    /// </summary>
    public static WebApplication Build(BridgeRelayOptions policy, bool addRelay, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(RelayConfiguration.Keys(policy));
        builder.WebHost.UseTestServer();
        if (addRelay)
        {
            builder.Services.AddBridgeRelay();
        }
        configure?.Invoke(builder);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.DisposeAsync();
    }
}
