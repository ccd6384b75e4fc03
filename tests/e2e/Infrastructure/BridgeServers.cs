using System.Net;
using System.Net.Sockets;
using Bridge.Demo;

[assembly: AssemblyFixture(typeof(Bridge.E2ETests.Infrastructure.BridgeServers))]

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// The real host on free ports: the demo service (relay + API), a site it allows, and a site it does not.
/// Each site answers on localhost and on 127.0.0.1: the service is on localhost, so a page on localhost:site is
/// another origin of the same site, and a page on 127.0.0.1:site is another site.
/// </summary>
public sealed class BridgeServers : IAsyncLifetime
{
    private readonly List<WebApplication> apps = [];

    public RequestJournal Journal { get; } = new();

    public string ServiceOrigin { get; private set; } = "";

    /// <summary>A page origin the relay allows, on the service's site (localhost, another port).</summary>
    public string SameSiteOrigin { get; private set; } = "";

    /// <summary>A page origin the relay allows, on another site (127.0.0.1).</summary>
    public string CrossSiteOrigin { get; private set; } = "";

    /// <summary>Page origins the relay does not allow, on the service's site and on another site.</summary>
    public string HostileSameSiteOrigin { get; private set; } = "";

    public string HostileCrossSiteOrigin { get; private set; } = "";

    /// <summary>A port with nothing listening.</summary>
    public int DeadPort { get; private set; }

    public string AllowedOrigin(SiteKind kind) => kind == SiteKind.SameSite ? SameSiteOrigin : CrossSiteOrigin;

    public string HostileOrigin(SiteKind kind) => kind == SiteKind.SameSite ? HostileSameSiteOrigin : HostileCrossSiteOrigin;

    public async ValueTask InitializeAsync()
    {
        var servicePort = FreePort();
        var sitePort = FreePort();
        var hostilePort = FreePort();
        DeadPort = FreePort();
        ServiceOrigin = $"http://localhost:{servicePort}";
        SameSiteOrigin = $"http://localhost:{sitePort}";
        CrossSiteOrigin = $"http://127.0.0.1:{sitePort}";
        HostileSameSiteOrigin = $"http://localhost:{hostilePort}";
        HostileCrossSiteOrigin = $"http://127.0.0.1:{hostilePort}";

        string[] common = [$"--Demo:ServiceUrl={ServiceOrigin}", "--Logging:LogLevel:Default=Warning"];
        var service = DemoService.Build(
            [.. common, $"--Bridge:Relay:AllowedOrigins:0={SameSiteOrigin}", $"--Bridge:Relay:AllowedOrigins:1={CrossSiteOrigin}"],
            app => app.Use((context, next) =>
            {
                Journal.Record(context.Request);
                return next(context);
            }));
        apps.Add(service);
        apps.Add(DemoSite.Build([.. common, $"--Demo:SiteUrl={SameSiteOrigin}"]));
        apps.Add(DemoSite.Build([.. common, $"--Demo:SiteUrl={HostileSameSiteOrigin}"]));
        foreach (var app in apps)
        {
            await app.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public enum SiteKind
{
    /// <summary>The page is on another origin of the service's site (another port on localhost).</summary>
    SameSite,

    /// <summary>The page is on another site (127.0.0.1 against the service's localhost).</summary>
    CrossSite,
}
