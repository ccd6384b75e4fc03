namespace Bridge.Demo;

/// <summary>The demo's service origin: the relay (two lines, as any service would add it) and the demo API.</summary>
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
        builder.WebHost.UseUrls(DemoSettings.Read(builder.Configuration).ServiceUrl.ToString());
        builder.Services.AddBridgeRelay();
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        configurePipeline?.Invoke(app);
        app.MapBridgeRelay("/bridge");
        DemoApi.Map(app);
        return app;
    }
}
