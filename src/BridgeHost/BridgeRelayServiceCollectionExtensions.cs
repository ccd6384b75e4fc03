using Bridge.Relay;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Bridge relay.</summary>
public static class BridgeRelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Bridge relay with its options bound from the configuration section <c>Bridge:Relay</c> and validated
    /// at start-up (a bad or empty allow-list stops the host). Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddBridgeRelay(this IServiceCollection services, Action<BridgeRelayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BridgeRelayOptions>();
        if (!services.Any(service => service.ServiceType == typeof(RelayState)))
        {
            // Bound once: binding again would append the configured origins to the list a second time.
            options.BindConfiguration(BridgeRelayOptions.SectionName).ValidateOnStart();
        }
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BridgeRelayOptions>, BridgeRelayOptionsValidator>());
        services.TryAddSingleton<ClientAssets>();
        services.TryAddSingleton<RelayState>();
        return services;
    }
}
