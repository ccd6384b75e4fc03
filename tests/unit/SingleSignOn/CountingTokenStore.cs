using Bridge.SingleSignOn.Tokens;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>The in-memory token store, counting what was stored, and keeping what it stored for inspection.</summary>
internal sealed class CountingTokenStore : ITokenStore, IDisposable
{
    private readonly MemoryDistributedCache cache = new(Options.Create(new MemoryDistributedCacheOptions()));
    private readonly DistributedCacheTokenStore inner;
    private int stored;

    public CountingTokenStore() => inner = new DistributedCacheTokenStore(cache);

    /// <summary>How many tokens were stored, that is, minted.</summary>
    public int Stored => stored;

    /// <summary>Every key and value stored, in order.</summary>
    public List<(string Key, byte[] Value)> Entries { get; } = [];

    public IDistributedCache Cache => cache;

    public async Task StoreAsync(string key, byte[] value, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref stored);
        lock (Entries)
        {
            Entries.Add((key, value));
        }
        await inner.StoreAsync(key, value, lifetime, cancellationToken);
    }

    public Task<byte[]?> TakeAsync(string key, CancellationToken cancellationToken) => inner.TakeAsync(key, cancellationToken);

    public void Dispose()
    {
        inner.Dispose();
    }
}
