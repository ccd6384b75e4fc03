using Bridge.SingleSignOn.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Bridge.SingleSignOn.Service;

/// <summary>
/// Where the SSO service keeps what its instances must agree on: tokens, and the Data Protection keys that encrypt
/// its session cookies and antiforgery tokens. In this process by default (the demo needs nothing installed); in
/// Redis when <see cref="SingleSignOnOptions.Redis"/> is set, so that any instance redeems a token another minted and
/// honours a cookie another set.
/// </summary>
internal static class SsoStorage
{
    /// <summary>One application name for every SSO instance: Data Protection isolates apps by it.</summary>
    public const string ApplicationName = "Bridge.SingleSignOn";

    public const string DataProtectionKeysKey = "bridge-sso:data-protection-keys";

    public static void Add(IServiceCollection services, SingleSignOnOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SingleSignOnTokens>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        if (string.IsNullOrEmpty(options.Redis))
        {
            services.AddDistributedMemoryCache();
            services.TryAddSingleton<ITokenStore, DistributedCacheTokenStore>();
            return;
        }
        var configuration = options.Redis;
        // Made by a factory, so the container disposes it (and the connection) with the app.
        services.AddSingleton(_ => new RedisConnection(configuration));
        services.TryAddSingleton<ITokenStore>(provider => new RedisTokenStore(provider.GetRequiredService<RedisConnection>().Multiplexer));
        services.AddOptions<KeyManagementOptions>().Configure<RedisConnection>((keys, redis) =>
            keys.XmlRepository = new RedisXmlRepository(() => redis.Multiplexer.GetDatabase(), DataProtectionKeysKey));
    }

    /// <summary>The one connection to Redis, opened at its first use and closed with the app.</summary>
    internal sealed class RedisConnection(string configuration) : IDisposable
    {
        private const string UnixPrefix = "unix:";

        private readonly Lazy<ConnectionMultiplexer> multiplexer = new(() => ConnectionMultiplexer.Connect(Parse(configuration)));

        public IConnectionMultiplexer Multiplexer => multiplexer.Value;

        public void Dispose()
        {
            if (multiplexer.IsValueCreated)
            {
                multiplexer.Value.Dispose();
            }
        }

        /// <summary>
        /// A StackExchange.Redis configuration string, or <c>unix:/path/to/redis.sock</c> (then <c>,option=value</c>...)
        /// for a Redis on a Unix socket, which StackExchange.Redis's own strings cannot name.
        /// </summary>
        public static ConfigurationOptions Parse(string configuration)
        {
            if (!configuration.StartsWith(UnixPrefix, StringComparison.Ordinal))
            {
                return ConfigurationOptions.Parse(configuration);
            }
            var comma = configuration.IndexOf(',', StringComparison.Ordinal);
            var path = comma < 0 ? configuration[UnixPrefix.Length..] : configuration[UnixPrefix.Length..comma];
            var options = comma < 0 ? new ConfigurationOptions() : ConfigurationOptions.Parse(configuration[(comma + 1)..]);
            options.EndPoints.Add(new UnixDomainSocketEndPoint(path));
            return options;
        }
    }
}
