using Bridge.Demo;
using Bridge.Testing;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging;

[assembly: AssemblyFixture(typeof(Bridge.E2ETests.Infrastructure.BridgeServers))]

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// The real host on ports taken before any app is built, so that each app's configuration can name the others'
/// origins (<see cref="LoopbackPort"/>): the demo service (relay + API), a site it allows with an open policy, a site
/// it allows with a restricted policy, a site it allows GET and POST with any header, and a site it does not allow.
/// Each site answers on localhost and on 127.0.0.1: the service is on localhost, so a page on localhost:site is
/// another origin of the same site, and a page on 127.0.0.1:site is another site.
/// </summary>
public sealed class BridgeServers : IAsyncLifetime
{
    /// <summary>The restricted site's paths, methods, request headers and body limits.</summary>
    public static readonly IReadOnlyList<string> RestrictedPaths = ["/api/hello", "/api/echo", "/api/items/*", "/api/open/**"];

    public static readonly IReadOnlyList<string> RestrictedMethods = ["GET", "POST"];

    public static readonly IReadOnlyList<string> RestrictedRequestHeaders = ["content-type", "x-allowed"];

    public const int RestrictedMaxRequestBodyBytes = 1024;

    public const int RestrictedMaxResponseBodyBytes = 4096;

    /// <summary>The methods site's methods: GET and POST only, while it may send any request header.</summary>
    public static readonly IReadOnlyList<string> MethodsSiteMethods = ["GET", "POST"];

    /// <summary>The demo's proxy route ids, each forwarding to /api/{id} on the service.</summary>
    private static readonly string[] DemoProxyRoutes = ["hello", "echo", "bytes"];

    private readonly List<WebApplication> apps = [];
    private readonly List<LoopbackPort> ports = [];

    /// <summary>Every request that reached the service's app (past the relay policy).</summary>
    public RequestJournal Journal { get; } = new();

    /// <summary>Holds the answers of <see cref="PolicyTestEndpoints.GatePath"/> until a test opens them.</summary>
    public ResponseGates Gates { get; } = new();

    /// <summary>What the service's method-override endpoints ran (<see cref="PolicyTestEndpoints.MethodOverridePath"/>).</summary>
    public HandlerCalls Handled { get; } = new();

    /// <summary>What the service logged at Warning and above, e.g. the relay policy's refusals.</summary>
    public ServiceLog ServiceLog { get; } = new();

    public string ServiceOrigin { get; private set; } = "";

    /// <summary>A page origin the relay allows, on the service's site (localhost, another port).</summary>
    public string SameSiteOrigin { get; private set; } = "";

    /// <summary>A page origin the relay allows, on another site (127.0.0.1).</summary>
    public string CrossSiteOrigin { get; private set; } = "";

    /// <summary>Page origins the relay does not allow, on the service's site and on another site.</summary>
    public string HostileSameSiteOrigin { get; private set; } = "";

    public string HostileCrossSiteOrigin { get; private set; } = "";

    /// <summary>
    /// Page origins the relay allows with the restricted policy (<see cref="RestrictedPaths"/>, ...; no credentials,
    /// safelisted exposed headers), on the service's site and on another site.
    /// </summary>
    public string RestrictedSameSiteOrigin { get; private set; } = "";

    public string RestrictedCrossSiteOrigin { get; private set; } = "";

    /// <summary>
    /// A page origin the relay allows with <see cref="MethodsSiteMethods"/> and any request header (RequestHeaders
    /// <c>"*"</c>), paths <c>/api/**</c>: the policy a method override could smuggle another method through.
    /// </summary>
    public string MethodsSiteOrigin { get; private set; } = "";

    /// <summary>A blank page on the service origin, where the browser's own fetch is same-origin.</summary>
    public string ServicePage => ServiceOrigin + ServiceTestPages.BlankPath;

    /// <summary>The service on its other host name (127.0.0.1): a second service origin, so a second relay.</summary>
    public string SecondServiceOrigin => ServiceOrigin.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

    /// <summary>A port with nothing listening: held by the fixture, so no server started on port 0 is given it.</summary>
    public int DeadPort { get; private set; }

    public string AllowedOrigin(SiteKind kind) => kind == SiteKind.SameSite ? SameSiteOrigin : CrossSiteOrigin;

    public string HostileOrigin(SiteKind kind) => kind == SiteKind.SameSite ? HostileSameSiteOrigin : HostileCrossSiteOrigin;

    public string RestrictedOrigin(SiteKind kind) => kind == SiteKind.SameSite ? RestrictedSameSiteOrigin : RestrictedCrossSiteOrigin;

    /// <summary>The service's log messages under a category containing <paramref name="categoryContains"/>, e.g. "Bridge.Relay".</summary>
    public IReadOnlyList<string> LogEntries(string categoryContains) => ServiceLog.Messages(categoryContains);

    public async ValueTask InitializeAsync()
    {
        var servicePort = TakePort();
        var sitePort = TakePort();
        var restrictedPort = TakePort();
        var hostilePort = TakePort();
        var methodsPort = TakePort();
        DeadPort = TakePort().Port;
        ServiceOrigin = $"http://localhost:{servicePort.Port}";
        SameSiteOrigin = $"http://localhost:{sitePort.Port}";
        CrossSiteOrigin = $"http://127.0.0.1:{sitePort.Port}";
        RestrictedSameSiteOrigin = $"http://localhost:{restrictedPort.Port}";
        RestrictedCrossSiteOrigin = $"http://127.0.0.1:{restrictedPort.Port}";
        HostileSameSiteOrigin = $"http://localhost:{hostilePort.Port}";
        HostileCrossSiteOrigin = $"http://127.0.0.1:{hostilePort.Port}";
        MethodsSiteOrigin = $"http://localhost:{methodsPort.Port}";

        string[] common = [$"--Demo:ServiceUrl={ServiceOrigin}", "--Logging:LogLevel:Default=Warning", "--AllowedHosts=localhost;127.0.0.1;[::1]"];
        var service = DemoService.Build(
            [.. common, .. RelayPolicyArguments(), $"--Demo:Cors:Origins:0={SameSiteOrigin}", $"--Demo:Cors:Origins:1={CrossSiteOrigin}", "--Demo:Cors:Methods:0=PUT", "--Demo:Cors:Headers:0=Content-Type"],
            app =>
            {
                app.Use((context, next) =>
                {
                    Journal.Record(context);
                    return next(context);
                });
                ServiceTestPages.Map(app);
                PolicyTestEndpoints.Map(app, Gates, Handled);
                FailureTestEndpoints.Map(app, Gates);
            },
            builder =>
            {
                // The fixture's policy alone: the demo's appsettings.json would merge its sites into these key by key.
                foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
                {
                    builder.Configuration.Sources.Remove(json);
                }
                builder.Logging.AddProvider(ServiceLog);
                servicePort.ListenOn(builder);
            });
        apps.Add(service);
        // The demo's proxy routes (appsettings.json) point at the demo's service port: here, at this service.
        string[] proxy = [.. DemoProxyRoutes.Select(id => $"--Demo:Proxy:Routes:{id}:Upstream={ServiceOrigin}/api/{id}")];
        apps.Add(DemoSite.Build([.. common, .. proxy, $"--Demo:SiteUrl={SameSiteOrigin}"], sitePort.ListenOn));
        apps.Add(DemoSite.Build([.. common, .. proxy, $"--Demo:SiteUrl={RestrictedSameSiteOrigin}"], restrictedPort.ListenOn));
        apps.Add(DemoSite.Build([.. common, .. proxy, $"--Demo:SiteUrl={HostileSameSiteOrigin}"], hostilePort.ListenOn));
        apps.Add(DemoSite.Build([.. common, .. proxy, $"--Demo:SiteUrl={MethodsSiteOrigin}"], methodsPort.ListenOn));
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
        foreach (var port in ports)
        {
            port.Dispose();
        }
    }

    /// <summary>
    /// The service's relay policy as command-line arguments, the only configuration of it the service reads (its
    /// appsettings.json is dropped): site 0 is the open policy, as in the demo, for the allowed site.
    /// </summary>
    private IEnumerable<string> RelayPolicyArguments()
    {
        const string Sites = "--Bridge:Relay:Sites";
        IEnumerable<string> List(int site, string key, IEnumerable<string> values) =>
            values.Select((value, index) => $"{Sites}:{site}:{key}:{index}={value}");

        return
        [
            .. List(0, "Origins", [SameSiteOrigin, CrossSiteOrigin]),
            .. List(0, "Paths", ["/api/**"]),
            .. List(0, "Methods", ["*"]),
            .. List(0, "RequestHeaders", ["*"]),
            .. List(0, "ExposedHeaders", ["*"]),
            $"{Sites}:0:AllowCredentials=true",
            $"{Sites}:0:MaxRequestBodyBytes=33554432",
            $"{Sites}:0:MaxResponseBodyBytes=268435456",
            .. List(1, "Origins", [RestrictedSameSiteOrigin, RestrictedCrossSiteOrigin]),
            .. List(1, "Paths", RestrictedPaths),
            .. List(1, "Methods", RestrictedMethods),
            .. List(1, "RequestHeaders", RestrictedRequestHeaders),
            $"{Sites}:1:AllowCredentials=false",
            $"{Sites}:1:MaxRequestBodyBytes={RestrictedMaxRequestBodyBytes}",
            $"{Sites}:1:MaxResponseBodyBytes={RestrictedMaxResponseBodyBytes}",
            .. List(2, "Origins", [MethodsSiteOrigin]),
            .. List(2, "Paths", ["/api/**"]),
            .. List(2, "Methods", MethodsSiteMethods),
            .. List(2, "RequestHeaders", ["*"]),
        ];
    }

    private LoopbackPort TakePort()
    {
        var port = LoopbackPort.Take();
        ports.Add(port);
        return port;
    }
}

public enum SiteKind
{
    /// <summary>The page is on another origin of the service's site (another port on localhost).</summary>
    SameSite,

    /// <summary>The page is on another site (127.0.0.1 against the service's localhost).</summary>
    CrossSite,
}
