using Bridge.Benchmark.NavigationStart;
using Bridge.Benchmark.Peers;
using Bridge.Demo;
using Bridge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Benchmark;

/// <summary>
/// The demo service (relay, API, the API again with CORS headers under /cors) and the demo site (blank page and
/// proxy) in this process, on ports taken before either is built (<see cref="LoopbackPort"/>), as the e2e fixture
/// starts them: the relay opens its policy to the page's origin, and the CORS copy of the API allows exactly that
/// origin. The service counts CORS preflights, honours <see cref="NetworkDelay"/>'s <c>net</c> query, and serves the
/// peers' relay pages (<see cref="PeerEndpoints"/>); the site serves the pages of the first call from navigation
/// start (<see cref="NavigationPages"/>).
/// </summary>
internal sealed class BenchmarkServers : IAsyncDisposable
{
    /// <summary>The demo's proxy route ids, each forwarding to /api/{id} on the service.</summary>
    private static readonly string[] DemoProxyRoutes = ["hello", "echo", "bytes"];

    private readonly WebApplication service;
    private readonly WebApplication site;
    private readonly PreflightCounter preflights;
    private readonly LoopbackPort[] ports;

    private BenchmarkServers(WebApplication service, WebApplication site, PreflightCounter preflights, LoopbackPort[] ports, string serviceOrigin, string pageOrigin)
    {
        this.service = service;
        this.site = site;
        this.preflights = preflights;
        this.ports = ports;
        ServiceOrigin = serviceOrigin;
        PageOrigin = pageOrigin;
    }

    public string ServiceOrigin { get; }

    /// <summary>The origin the benchmark pages are loaded from: the site, on localhost (same site) or 127.0.0.1.</summary>
    public string PageOrigin { get; }

    public required SiteSetup Setup { get; init; }

    /// <summary>CORS preflight requests the service has received so far.</summary>
    public int Preflights => preflights.Count;

    public static async Task<BenchmarkServers> StartAsync(SiteSetup setup, PeerScripts peers)
    {
        var servicePort = LoopbackPort.Take();
        var sitePort = LoopbackPort.Take();
        var serviceOrigin = $"http://localhost:{servicePort.Port}";
        var siteUrl = $"http://localhost:{sitePort.Port}";
        var pageOrigin = setup.CrossSite ? $"http://127.0.0.1:{sitePort.Port}" : siteUrl;

        string[] common =
        [
            $"--Demo:ServiceUrl={serviceOrigin}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
        ];
        var preflights = new PreflightCounter();
        var service = DemoService.Build(
            [.. common, .. RelayPolicyArguments(pageOrigin), $"--Demo:Cors:Origins:0={pageOrigin}"],
            app =>
            {
                app.Use((context, next) =>
                {
                    preflights.Observe(context.Request);
                    return NetworkDelay.HandleAsync(context, () => next(context));
                });
                PeerEndpoints.Map(app, peers, pageOrigin);
            },
            servicePort.ListenOn);
        // The demo's proxy routes (appsettings.json) point at the demo's service port: here, at this service.
        string[] proxy = [.. DemoProxyRoutes.Select(id => $"--Demo:Proxy:Routes:{id}:Upstream={serviceOrigin}/api/{id}")];
        var site = DemoSite.Build([.. common, .. proxy, $"--Demo:SiteUrl={siteUrl}"], builder =>
        {
            sitePort.ListenOn(builder);
            builder.Services.AddSingleton<IStartupFilter>(new NavigationPages(serviceOrigin));
        });
        await service.StartAsync();
        await site.StartAsync();
        return new BenchmarkServers(service, site, preflights, [servicePort, sitePort], serviceOrigin, pageOrigin) { Setup = setup };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { site, service })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        foreach (var port in ports)
        {
            port.Dispose();
        }
    }

    /// <summary>The demo's open policy for the page's origin, key by key over the demo's appsettings.json site 0.</summary>
    private static string[] RelayPolicyArguments(string pageOrigin)
    {
        const string Site = "--Bridge:Relay:Sites:0";
        return
        [
            $"{Site}:Origins:0={pageOrigin}",
            $"{Site}:Paths:0=/api/**",
            $"{Site}:Methods:0=*",
            $"{Site}:RequestHeaders:0=*",
            $"{Site}:ExposedHeaders:0=*",
            $"{Site}:AllowCredentials=true",
            $"{Site}:MaxRequestBodyBytes=33554432",
            $"{Site}:MaxResponseBodyBytes=268435456",
        ];
    }

    private sealed class PreflightCounter
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Observe(HttpRequest request)
        {
            if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
            {
                Interlocked.Increment(ref count);
            }
        }
    }
}
