using System.Globalization;
using Bridge.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Infrastructure;

/// <summary>Relay policies as a host would have them: written as configuration keys, bound through <c>AddBridgeRelay</c>.</summary>
internal static class RelayConfiguration
{
    /// <summary>A policy with one site for <paramref name="origins"/>, allowed to request <c>/api/**</c>.</summary>
    public static BridgeRelayOptions Policy(params IEnumerable<string> origins) => Policy(Site(origins));

    public static BridgeRelayOptions Policy(params IEnumerable<BridgeRelaySite> sites)
    {
        var options = new BridgeRelayOptions();
        foreach (var site in sites)
        {
            options.Sites.Add(site);
        }
        return options;
    }

    public static BridgeRelaySite Site(IEnumerable<string> origins, params IEnumerable<string> paths)
    {
        var site = new BridgeRelaySite();
        foreach (var origin in origins)
        {
            site.Origins.Add(origin);
        }
        foreach (var path in paths.DefaultIfEmpty("/api/**"))
        {
            site.Paths.Add(path);
        }
        return site;
    }

    /// <summary>
    /// The policy as configuration keys, as appsettings.json would give them: <c>Bridge:Relay:Sites:0:Origins:0</c>, ...
    /// Sizes and flags are written only when they are not the defaults, so binding is what applies those.
    /// </summary>
    public static Dictionary<string, string?> Keys(BridgeRelayOptions options)
    {
        var keys = new Dictionary<string, string?>();
        var section = BridgeRelayOptions.SectionName;
        if (options.AllowAnyOrigin)
        {
            keys[$"{section}:AllowAnyOrigin"] = "true";
        }
        if (options.AllowSubdomainWildcards)
        {
            keys[$"{section}:AllowSubdomainWildcards"] = "true";
        }
        if (options.AllowCredentialsWithSubdomainWildcards)
        {
            keys[$"{section}:AllowCredentialsWithSubdomainWildcards"] = "true";
        }
        AddList(keys, $"{section}:ProxyHeaders", options.ProxyHeaders);
        for (var i = 0; i < options.Sites.Count; i++)
        {
            var site = options.Sites[i];
            var prefix = $"{section}:Sites:{Text(i)}";
            AddList(keys, $"{prefix}:Origins", site.Origins);
            AddList(keys, $"{prefix}:Paths", site.Paths);
            AddList(keys, $"{prefix}:Methods", site.Methods);
            AddList(keys, $"{prefix}:RequestHeaders", site.RequestHeaders);
            AddList(keys, $"{prefix}:ExposedHeaders", site.ExposedHeaders);
            if (site.AllowCredentials)
            {
                keys[$"{prefix}:AllowCredentials"] = "true";
            }
            if (site.MaxRequestBodyBytes != BridgeRelaySite.DefaultMaxRequestBodyBytes)
            {
                keys[$"{prefix}:MaxRequestBodyBytes"] = Text(site.MaxRequestBodyBytes);
            }
            if (site.MaxResponseBodyBytes != BridgeRelaySite.DefaultMaxResponseBodyBytes)
            {
                keys[$"{prefix}:MaxResponseBodyBytes"] = Text(site.MaxResponseBodyBytes);
            }
        }
        return keys;
    }

    /// <summary>Services with logging (into <paramref name="logs"/> when given), the policy as <see cref="IConfiguration"/>, and the relay added.</summary>
    public static ServiceProvider Services(
        BridgeRelayOptions configured,
        Action<BridgeRelayOptions>? configure = null,
        int addRelayTimes = 1,
        LogRecorder? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Keys(configured)).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddSingleton<IConfiguration>(configuration);
        for (var i = 0; i < addRelayTimes; i++)
        {
            services.AddBridgeRelay(configure);
        }
        return services.BuildServiceProvider();
    }

    private static void AddList(Dictionary<string, string?> keys, string prefix, IList<string> values)
    {
        for (var j = 0; j < values.Count; j++)
        {
            keys[$"{prefix}:{Text(j)}"] = values[j];
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
