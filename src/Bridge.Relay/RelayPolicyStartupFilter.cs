using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Bridge.Relay;

/// <summary>
/// Puts <see cref="RelayPolicyMiddleware"/> in front of the app's own pipeline, so that <c>AddBridgeRelay</c> alone
/// enforces the policy on relayed requests before any endpoint, and service owners still write two lines.
/// </summary>
internal sealed class RelayPolicyStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RelayPolicyMiddleware>();
        next(app);
    };
}
