using System.Security.Cryptography.X509Certificates;
using Bridge.Http;
using Bridge.SingleSignOn;
using Bridge.SingleSignOn.Apps;
using Bridge.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// The single sign-on demo on held ports (<see cref="LoopbackPort"/>) under its real host names: the SSO service at
/// sso.example.localhost, the app foo at foo.example.localhost (the same site), the app other at other.localhost
/// (another site), and a page at stranger.localhost that no policy allows. Users and client secrets are the demo's
/// (appsettings.json); origins come from here. The SSO's clock moves on the test's word (<see cref="Clock"/>), and every
/// request that reaches it is logged (<see cref="Requests"/>). One per engine (<see cref="ChromiumSingleSignOn"/>);
/// <see cref="SsoServersOverHttps"/> is the same on https.
/// </summary>
public class SsoServers : IAsyncLifetime
{
    /// <summary>The demo user and password (appsettings.json).</summary>
    public const string User = "alice";
    public const string Password = "wonderland-demo";

    /// <summary>A plain <c>SameSite=None; Secure</c> cookie of the SSO, for the control that third-party cookies are blocked.</summary>
    public const string ControlCookie = "bridge-control";
    public const string ControlSetPath = "/test/control/set";
    public const string ControlFramePath = "/test/control/frame";

    /// <summary>A blank page on every app's origin and the stranger's, where tests make raw calls without the demo's flow.</summary>
    public const string BlankPath = "/test/blank.html";

    private const string Blank = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>blank</title></head><body></body></html>";

    private readonly List<WebApplication> apps = [];
    private readonly List<LoopbackPort> ports = [];

    public SsoServers()
        : this(https: false)
    {
    }

    protected SsoServers(bool https)
    {
        Certificate = https ? TestCertificate.Create("sso.example.localhost", "foo.example.localhost", "other.localhost", "stranger.localhost") : null;
    }

    /// <summary>The servers' certificate when they are on https, or null.</summary>
    public X509Certificate2? Certificate { get; }

    public SsoRequestLog Requests { get; } = new();

    public MovableClock Clock { get; } = new();

    public string SsoOrigin { get; private set; } = "";

    /// <summary>The app on the SSO's site.</summary>
    public string SameSiteApp { get; private set; } = "";

    /// <summary>The app on another site.</summary>
    public string CrossSiteApp { get; private set; } = "";

    /// <summary>A page on an origin that neither CORS nor the relay allows.</summary>
    public string StrangerOrigin { get; private set; } = "";

    public TimeSpan TokenLifetime { get; } = TimeSpan.FromSeconds(30);

    public string App(SiteKind kind) => kind == SiteKind.SameSite ? SameSiteApp : CrossSiteApp;

    public async ValueTask InitializeAsync()
    {
        var ssoPort = TakePort();
        var fooPort = TakePort();
        var otherPort = TakePort();
        var strangerPort = TakePort();
        var scheme = Certificate is null ? "http" : "https";
        SsoOrigin = $"{scheme}://sso.example.localhost:{ssoPort.Port}";
        SameSiteApp = $"{scheme}://foo.example.localhost:{fooPort.Port}";
        CrossSiteApp = $"{scheme}://other.localhost:{otherPort.Port}";
        StrangerOrigin = $"{scheme}://stranger.localhost:{strangerPort.Port}";
        string[] args =
        [
            $"--SingleSignOn:ServiceUrl={SsoOrigin}",
            $"--SingleSignOn:Apps:foo:Origin={SameSiteApp}",
            $"--SingleSignOn:Apps:other:Origin={CrossSiteApp}",
            $"--SingleSignOn:TokenLifetime={TokenLifetime:c}",
            "--Logging:LogLevel:Default=Warning",
        ];

        apps.Add(SingleSignOnService.Build(args, MapTestEndpoints, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(Clock);
            ListenOn(builder, ssoPort);
        }));
        apps.Add(SingleSignOnAppServer.Build(args, "foo", builder => AppWithBlankPage(builder, fooPort)));
        apps.Add(SingleSignOnAppServer.Build(args, "other", builder => AppWithBlankPage(builder, otherPort)));
        apps.Add(StrangerSite(strangerPort));
        foreach (var app in apps)
        {
            await app.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        foreach (var app in apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        foreach (var port in ports)
        {
            port.Dispose();
        }
        Certificate?.Dispose();
    }

    private void MapTestEndpoints(WebApplication app)
    {
        app.Use((context, next) =>
        {
            Requests.Record(context, SingleSignOn.Service.SsoEndpoints.CookieName, ControlCookie);
            return next(context);
        });
        app.MapGet(ControlSetPath, (HttpContext context) =>
        {
            context.Response.Cookies.Append(ControlCookie, "1", new CookieOptions { Path = "/", Secure = true, SameSite = SameSiteMode.None });
            return Results.Content(Blank, "text/html; charset=utf-8");
        });
        app.MapGet(ControlFramePath, () => Results.Content(Blank, "text/html; charset=utf-8"));
    }

    private WebApplication StrangerSite(LoopbackPort port)
    {
        var builder = WebApplication.CreateBuilder(["--Logging:LogLevel:Default=Warning", "--AllowedHosts=stranger.localhost"]);
        ListenOn(builder, port);
        var app = builder.Build();
        app.MapGet(BlankPath, () => Results.Content(Blank, "text/html; charset=utf-8"));
        return app;
    }

    /// <summary>An app as the demo builds it, with <see cref="BlankPath"/> in front of its pipeline.</summary>
    private void AppWithBlankPage(WebApplicationBuilder builder, LoopbackPort port)
    {
        ListenOn(builder, port);
        builder.Services.AddSingleton<IStartupFilter>(new BlankPageFirst());
        if (Certificate is { } certificate)
        {
            // The back channel on https trusts this one certificate, pinned by its hash; nothing else.
            var hash = certificate.GetCertHashString();
            builder.Services.AddHttpClient(BackChannelClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() =>
            {
                var handler = LocalhostNames.Handler();
                handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == hash;
                return handler;
            });
        }
    }

    private sealed class BlankPageFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) => context.Request.Path == BlankPath
                ? Results.Content(Blank, "text/html; charset=utf-8").ExecuteAsync(context)
                : following(context));
            next(app);
        };
    }

    /// <summary>
    /// Kestrel on the held port's loopback sockets: an explicit endpoint, which Kestrel prefers to the URL the builders
    /// set (a host name other than localhost would otherwise bind every interface); on https with <see cref="Certificate"/>.
    /// </summary>
    private void ListenOn(WebApplicationBuilder builder, LoopbackPort port)
    {
        port.ListenOn(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port.Port, listen =>
        {
            if (Certificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));
    }

    private LoopbackPort TakePort()
    {
        var port = LoopbackPort.Take();
        ports.Add(port);
        return port;
    }
}

/// <summary>The SSO demo on https, with a certificate the test made for its names.</summary>
public sealed class SsoServersOverHttps() : SsoServers(https: true);
