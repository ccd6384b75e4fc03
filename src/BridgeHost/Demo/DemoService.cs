using Bridge.Classic.Cors;
using Bridge.Classic.Jsonp;

namespace Bridge.Demo;

/// <summary>
/// The demo's service origin: the relay (two lines, as any service would add it) and the demo API, plus the classic
/// mechanisms to compare it with: the API again with CORS headers under /cors, and JSONP under /jsonp.
/// </summary>
public static class DemoService
{
    /// <summary>
    /// Builds the service app. <paramref name="configurePipeline"/> lets tests observe requests, and
    /// <paramref name="configureBuilder"/> lets them add services, such as a logger provider, before it is built.
    /// </summary>
    public static WebApplication Build(
        string[] args,
        Action<WebApplication>? configurePipeline = null,
        Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = DemoSettings.Read(builder.Configuration);
        builder.WebHost.UseUrls(settings.ServiceUrl.ToString());
        builder.Services.AddBridgeRelay();
        DemoCors.AddPolicy(builder.Services, settings.SiteUrl.GetLeftPart(UriPartial.Authority));
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        configurePipeline?.Invoke(app);
        DemoCors.UseVaryByOrigin(app);
        app.UseCors();
        app.MapBridgeRelay("/bridge");
        DemoApi.Map(app);
        DemoCors.Map(app);
        JsonpEndpoints.Map(app);
        return app;
    }
}
