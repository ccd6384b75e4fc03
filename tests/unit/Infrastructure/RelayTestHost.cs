using Bridge.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Starts a host with <paramref name="policy"/>; <paramref name="map"/> adds the app's own middleware and endpoints.</summary>
    public static async Task<RelayTestHost> StartAsync(BridgeRelayOptions policy, string prefix = "/bridge", Action<WebApplication>? map = null)
    {
        var app = Build(policy, addRelay: true);
        map?.Invoke(app);
        app.MapBridgeRelay(prefix);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RelayTestHost(app);
    }

    /// <summary>
    /// A host on TestServer whose only configuration is the given policy: the sources a default builder adds
    /// (the host's appsettings.json copied beside the tests, environment variables) are cleared so they cannot leak in.
    /// </summary>
    public static WebApplication Build(BridgeRelayOptions policy, bool addRelay)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(RelayConfiguration.Keys(policy));
        builder.WebHost.UseTestServer();
        if (addRelay)
        {
            builder.Services.AddBridgeRelay();
        }
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.DisposeAsync();
    }
}
