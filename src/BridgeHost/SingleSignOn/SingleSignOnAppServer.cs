using Bridge.Http;
using Bridge.SingleSignOn.Apps;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn;

/// <summary>
/// An app that signs in with the SSO service (<c>SingleSignOn:Apps:{name}</c>): its own app in the host process at
/// its own origin, with its own session, a page, and a server that redeems tokens over the back channel.
/// </summary>
public static class SingleSignOnAppServer
{
    /// <summary>
    /// Builds the app named <paramref name="appName"/>. <paramref name="configureBuilder"/> lets tests configure it
    /// before it is built (its configuration, the sockets Kestrel listens on, a logger provider, the back channel's
    /// HTTP handler): its identity and URL are read after it.
    /// </summary>
    public static WebApplication Build(string[] args, string appName, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        SingleSignOnConfiguration.Add(builder.Services);
        // Its own key ring's name: another app's (or the SSO's) cookies mean nothing here.
        builder.Services.AddDataProtection().SetApplicationName($"Bridge.SingleSignOn.App.{appName}");
        SessionCookies.Add(builder.Services, AppEndpoints.Scheme, AppEndpoints.CookieName, SameSiteMode.Lax);
        builder.Services.AddHttpClient<BackChannelClient>(BackChannelClient.HttpClientName, (services, http) =>
        {
            http.BaseAddress = services.GetRequiredService<IOptions<SingleSignOnOptions>>().Value.ServiceUrl;
            http.Timeout = TimeSpan.FromSeconds(10);
        }).ConfigurePrimaryHttpMessageHandler(LocalhostNames.Handler);
        configureBuilder?.Invoke(builder);
        var settings = SingleSignOnConfiguration.Read(builder.Configuration);
        var identity = Identify(settings, appName);
        builder.WebHost.UseUrls(identity.Origin);
        builder.Services.AddSingleton(identity);

        var app = builder.Build();
        app.UseAuthentication();
        AppEndpoints.Map(app, identity, settings.ServiceOrigin);
        return app;
    }

    /// <summary>
    /// The app's identity from configuration; it cannot run without one, so a missing or mismatched secret stops it here
    /// (the SSO's validator covers the rest of the section).
    /// </summary>
    private static AppIdentity Identify(SingleSignOnOptions settings, string appName)
    {
        var key = $"{SingleSignOnOptions.SectionName}:{nameof(SingleSignOnOptions.Apps)}:{appName}";
        if (!settings.Apps.TryGetValue(appName, out var app) || app is null)
        {
            throw new InvalidOperationException($"{key} is not configured: add the app there (Origin, ClientId, ClientSecretHash, ClientSecret), or start another app.");
        }
        if (app.ClientSecret.Length < ClientSecrets.MinimumLength || !ClientSecrets.Verify(app.ClientSecretHash, app.ClientSecret))
        {
            throw new InvalidOperationException(
                $"{key}:{nameof(SingleSignOnClientApp.ClientSecret)} is missing, shorter than {ClientSecrets.MinimumLength} characters, or does not match " +
                $"{key}:{nameof(SingleSignOnClientApp.ClientSecretHash)}, so the SSO service would refuse this app's back channel. Make a pair with " +
                "`dotnet run --project src/BridgeHost -- new-client-secret`: the secret for the app, the hash for the SSO service.");
        }
        return new AppIdentity(appName, app.Origin, app.ClientId, app.ClientSecret);
    }
}
