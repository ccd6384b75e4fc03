using Microsoft.Extensions.Caching.Distributed;

namespace Bridge.SingleSignOn.Tokens;

/// <summary>
/// Tokens in this process's <see cref="IDistributedCache"/> (the in-memory one): the default, which needs nothing
/// installed and serves one SSO instance. <see cref="IDistributedCache"/> has no get-and-delete, so a take holds a
/// lock around its get and remove; every take in the process goes through it.
/// </summary>
internal sealed class DistributedCacheTokenStore(IDistributedCache cache) : ITokenStore, IDisposable
{
    private readonly SemaphoreSlim takeLock = new(1, 1);

    public Task StoreAsync(string key, byte[] value, TimeSpan lifetime, CancellationToken cancellationToken) =>
        cache.SetAsync(key, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime }, cancellationToken);

    public async Task<byte[]?> TakeAsync(string key, CancellationToken cancellationToken)
    {
        await takeLock.WaitAsync(cancellationToken);
        try
        {
            var value = await cache.GetAsync(key, CancellationToken.None);
            if (value is not null)
            {
                await cache.RemoveAsync(key, CancellationToken.None);
            }
            return value;
        }
        finally
        {
            takeLock.Release();
        }
    }

    public void Dispose() => takeLock.Dispose();
}
