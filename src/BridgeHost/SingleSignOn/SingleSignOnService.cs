using Bridge.Http;
using Bridge.SingleSignOn.Service;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn;

/// <summary>
/// The single sign-on service (the seed's identity provider) at <see cref="SingleSignOnOptions.ServiceUrl"/>: its own
/// app in the host process, with the SSO endpoints under CORS, the relay for bridge.fetch, the sign-in form, and the
/// back channel where the apps' servers redeem tokens.
/// </summary>
public static class SingleSignOnService
{
    /// <summary>
    /// Builds the SSO app. <paramref name="configurePipeline"/> lets tests observe requests first, and
    /// <paramref name="configureBuilder"/> lets them configure it before it is built (its configuration, the sockets
    /// Kestrel listens on, a logger provider, a <see cref="TimeProvider"/>): the URL and the stores are read after it.
    /// </summary>
    public static WebApplication Build(
        string[] args,
        Action<WebApplication>? configurePipeline = null,
        Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        SingleSignOnConfiguration.Add(builder.Services);
        SessionCookies.Add(builder.Services, SsoEndpoints.Scheme, SsoEndpoints.CookieName, SameSiteMode.None);
        LoginEndpoints.AddAntiforgery(builder.Services);
        SsoCors.AddPolicy(builder.Services);
        SsoRelay.Add(builder.Services);
        configureBuilder?.Invoke(builder);
        var settings = SingleSignOnConfiguration.Read(builder.Configuration);
        builder.WebHost.UseUrls(settings.ServiceOrigin);
        SsoStorage.Add(builder.Services, settings);

        var app = builder.Build();
        configurePipeline?.Invoke(app);
        VaryByOrigin.Use(app, "/sso");
        app.UseCors();
        app.UseAuthentication();
        app.MapBridgeRelay(SsoRelay.Prefix);
        SsoEndpoints.Map(app);
        LoginEndpoints.Map(app);
        BackChannelEndpoints.Map(app);
        return app;
    }

    /// <summary>The names of the configured apps, for <see cref="SingleSignOnAppServer.Build"/>.</summary>
    public static IReadOnlyList<string> AppNames(WebApplication service) =>
        [.. service.Services.GetRequiredService<IOptions<SingleSignOnOptions>>().Value.Apps.Keys];
}
