using StackExchange.Redis;

namespace Bridge.SingleSignOn.Tokens;

/// <summary>
/// Tokens in Redis, shared by every SSO instance configured with it: a string with an expiry (<c>SET PX</c>), taken
/// with <c>GETDEL</c>, which Redis runs atomically (Redis 6.2 or later). Not through <c>IDistributedCache</c>: its Redis
/// implementation keeps each entry as a hash, which <c>GETDEL</c> cannot take in one step.
/// </summary>
internal sealed class RedisTokenStore(IConnectionMultiplexer redis) : ITokenStore
{
    public async Task StoreAsync(string key, byte[] value, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (!await redis.GetDatabase().StringSetAsync(key, value, lifetime, When.NotExists))
        {
            throw new InvalidOperationException("A token's key is already in Redis: two tokens hashed alike, or the random number generator failed.");
        }
    }

    public async Task<byte[]?> TakeAsync(string key, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringGetDeleteAsync(key);
}
