using Bridge.Relay;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Bridge relay.</summary>
public static class BridgeRelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Bridge relay with its options bound from the configuration section <c>Bridge:Relay</c> and validated
    /// at start-up (a bad or empty policy stops the host), and the middleware that enforces the policy on every
    /// relayed request, in front of the app's pipeline. Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddBridgeRelay(this IServiceCollection services, Action<BridgeRelayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BridgeRelayOptions>();
        if (!services.Any(service => service.ServiceType == typeof(RelayState)))
        {
            // Bound once: binding again would append the configured sites to the list a second time. A key the
            // options do not have is an error, not ignored: a misspelt limit would silently stay at its default.
            options.BindConfiguration(BridgeRelayOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
                .ValidateOnStart();
        }
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.AddMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BridgeRelayOptions>, BridgeRelayOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, RelayPolicyStartupFilter>());
        services.TryAddSingleton<ClientAssets>();
        services.TryAddSingleton<RelayState>();
        services.TryAddSingleton<RelayMetrics>();
        return services;
    }
}
