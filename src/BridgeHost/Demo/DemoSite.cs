using Bridge.Classic.Proxy;
using Microsoft.Extensions.FileProviders;

namespace Bridge.Demo;

/// <summary>
/// The demo's site origin: a page that calls the service every way there is (fetch, bridge.fetch, CORS, JSONP, and
/// the site's own proxy, which lives here).
/// </summary>
public static class DemoSite
{
    /// <summary>
    /// Builds the site app. <paramref name="configureBuilder"/> lets tests configure it, such as the sockets Kestrel
    /// listens on, before it is built.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = DemoSettings.Read(builder.Configuration);
        builder.WebHost.UseUrls(settings.SiteUrl.ToString());
        ProxyRoutes.AddDemoProxy(builder.Services);
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        var pages = new ManifestEmbeddedFileProvider(typeof(DemoSite).Assembly, "Demo/site");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = pages });

        var serviceOrigin = settings.ServiceUrl.GetLeftPart(UriPartial.Authority);
        app.MapGet("/demo/config.json", () => Results.Json(new { serviceOrigin }));
        var demoScript = DemoScript.Load();
        app.MapGet("/demo/demo.js", () => Results.Bytes(demoScript, "text/javascript; charset=utf-8"));
        ProxyRoutes.Map(app);
        return app;
    }
}
