namespace Bridge.Demo;

/// <summary>The demo's service origin: the relay (two lines, as any service would add it) and the demo API.</summary>
public static class DemoService
{
    /// <summary>Builds the service app. <paramref name="configurePipeline"/> lets tests observe requests.</summary>
    public static WebApplication Build(string[] args, Action<WebApplication>? configurePipeline = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(DemoSettings.Read(builder.Configuration).ServiceUrl.ToString());
        builder.Services.AddBridgeRelay();

        var app = builder.Build();
        configurePipeline?.Invoke(app);
        app.MapBridgeRelay("/bridge");
        DemoApi.Map(app);
        return app;
    }
}
