using System.Globalization;
using Bridge.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.UnitTests.Infrastructure;

/// <summary>In-memory configuration and services for the relay, as a host would have them.</summary>
internal static class RelayConfiguration
{
    /// <summary>The allow-list as configuration keys: <c>Bridge:Relay:AllowedOrigins:0</c>, <c>:1</c>, ...</summary>
    public static Dictionary<string, string?> AllowedOrigins(params IEnumerable<string> origins) =>
        origins
            .Select((origin, index) => (Key: $"{BridgeRelayOptions.SectionName}:AllowedOrigins:{index.ToString(CultureInfo.InvariantCulture)}", Value: origin))
            .ToDictionary(entry => entry.Key, entry => (string?)entry.Value);

    /// <summary>Services with logging, the given allow-list as <see cref="IConfiguration"/>, and the relay added.</summary>
    public static ServiceProvider Services(IEnumerable<string> origins, Action<BridgeRelayOptions>? configure = null, int addRelayTimes = 1)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(AllowedOrigins(origins)).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        for (var i = 0; i < addRelayTimes; i++)
        {
            services.AddBridgeRelay(configure);
        }
        return services.BuildServiceProvider();
    }
}
