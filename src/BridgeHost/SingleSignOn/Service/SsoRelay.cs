using Bridge.Relay;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn.Service;

/// <summary>
/// The relay on the SSO service, added as any service adds it, for the bridge.fetch way: one site whose origins are
/// the apps of <see cref="SingleSignOnOptions.Apps"/> (the one list that also drives CORS and the back channel), with
/// the service's cookies, and only the two calls the apps' pages make (status and token).
/// </summary>
internal static class SsoRelay
{
    public const string Prefix = "/bridge";

    public static readonly IReadOnlyList<string> Paths = [SsoEndpoints.StatusPath, SsoEndpoints.TokenPath];

    public static void Add(IServiceCollection services)
    {
        services.AddBridgeRelay();
        // The host's Bridge:Relay section is the demo service's policy: the SSO's policy is its apps, whatever it says.
        services.AddOptions<BridgeRelayOptions>().Configure<IOptions<SingleSignOnOptions>>((relay, sso) =>
        {
            relay.Sites.Clear();
            relay.AllowAnyOrigin = false;
            relay.AllowSubdomainWildcards = false;
            relay.AllowCredentialsWithSubdomainWildcards = false;
            var site = new BridgeRelaySite { AllowCredentials = true, MaxRequestBodyBytes = JsonBody.MaxBytes };
            foreach (var app in sso.Value.Apps.Values)
            {
                site.Origins.Add(app.Origin);
            }
            foreach (var path in Paths)
            {
                site.Paths.Add(path);
            }
            site.Methods.Add("GET");
            site.Methods.Add("POST");
            site.RequestHeaders.Add("content-type");
            relay.Sites.Add(site);
        });
    }
}
