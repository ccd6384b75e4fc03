using System.Collections.Concurrent;
using System.Net;
using Bridge.Classic.Proxy;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Classic;

/// <summary>An upstream on real Kestrel at 127.0.0.1:0 that counts the requests each path received.</summary>
internal sealed class ProxyUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private ProxyUpstream(WebApplication app, ConcurrentDictionary<string, int> hits)
    {
        this.app = app;
        Hits = hits;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(BaseUrl).Port;
    }

    /// <summary>Requests received, by path.</summary>
    public ConcurrentDictionary<string, int> Hits { get; }

    public int TotalHits => Hits.Values.Sum();

    /// <summary>http://127.0.0.1:port, as bound.</summary>
    public string BaseUrl { get; }

    public int Port { get; }

    public static async Task<ProxyUpstream> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var hits = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        app.Use((context, next) =>
        {
            hits.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, count) => count + 1);
            return next(context);
        });
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ProxyUpstream(app, hits);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>The site with the proxy on TestServer, its routes from in-memory configuration only, its log recorded.</summary>
internal sealed class ProxySite : IAsyncDisposable
{
    private readonly WebApplication app;

    private ProxySite(WebApplication app, LogRecorder log)
    {
        this.app = app;
        Log = log;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public LogRecorder Log { get; }

    public static async Task<ProxySite> StartAsync(IDictionary<string, string?> configuration, IOutboundNetwork? network = null)
    {
        var app = Build(configuration, network, out var log);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ProxySite(app, log);
    }

    /// <summary>Builds the site without starting it, for tests of start-up failures.</summary>
    public static WebApplication Build(IDictionary<string, string?> configuration, IOutboundNetwork? network, out LogRecorder log)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseTestServer();
        log = new LogRecorder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        if (network is not null)
        {
            builder.Services.TryAddSingleton(network);
        }
        ProxyRoutes.AddDemoProxy(builder.Services);
        var app = builder.Build();
        ProxyRoutes.Map(app);
        return app;
    }

    /// <summary>One route's configuration keys.</summary>
    public static Dictionary<string, string?> Route(
        string id,
        string upstream,
        string methods = "GET",
        string headers = "Accept",
        long maxBytes = 1024 * 1024,
        string timeout = "00:00:10",
        bool isInternal = true)
    {
        var key = $"Demo:Proxy:Routes:{id}";
        var settings = new Dictionary<string, string?>
        {
            [$"{key}:Upstream"] = upstream,
            [$"{key}:MaxResponseBodyBytes"] = maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{key}:Timeout"] = timeout,
            [$"{key}:Internal"] = isInternal ? "true" : "false",
        };
        foreach (var (method, i) in methods.Split(',').Select((method, i) => (method, i)))
        {
            settings[$"{key}:Methods:{i}"] = method;
        }
        foreach (var (header, i) in headers.Split(',', StringSplitOptions.RemoveEmptyEntries).Select((header, i) => (header, i)))
        {
            settings[$"{key}:RequestHeaders:{i}"] = header;
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>
/// Stands in for DNS: names resolve to the addresses a test gives. Connections it is asked for are recorded, and
/// made for real to <see cref="ConnectTo"/> (a local upstream) whatever address was asked, or refused if it is null.
/// </summary>
internal sealed class FakeOutboundNetwork(IReadOnlyDictionary<string, IPAddress[]> names) : IOutboundNetwork
{
    private readonly SystemOutboundNetwork system = new();

    public ConcurrentQueue<IPEndPoint> Connects { get; } = new();

    public IPEndPoint? ConnectTo { get; set; }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation) =>
        Task.FromResult(names.TryGetValue(host, out var addresses) ? addresses : []);

    public ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellation)
    {
        Connects.Enqueue(endPoint);
        return ConnectTo is null
            ? ValueTask.FromException<Stream>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))
            : system.ConnectAsync(ConnectTo, cancellation);
    }
}
