using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn.Service;

/// <summary>
/// The seed's way: the framework's CORS middleware on the SSO endpoints the apps call from the browser. The exact app
/// origins of <see cref="SingleSignOnOptions.Apps"/> (the validator refused wildcards), credentials, GET and POST, the
/// Content-Type header and nothing else. The middleware echoes the one requesting origin when it is listed and says
/// nothing otherwise, so no answer lists the others; a preflight gets the policy alone, never the endpoint.
/// </summary>
internal static class SsoCors
{
    public const string PolicyName = "Bridge SSO CORS";

    public static void AddPolicy(IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<SingleSignOnOptions>>((cors, sso) =>
            cors.AddPolicy(PolicyName, policy => policy
                .WithOrigins([.. sso.Value.Apps.Values.Select(app => app.Origin)])
                .WithMethods("GET", "POST")
                .WithHeaders("Content-Type")
                .AllowCredentials()));
    }
}
