namespace Bridge.SingleSignOn.Tokens;

/// <summary>Where tokens wait for their redemption, keyed by the token's hash.</summary>
internal interface ITokenStore
{
    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/> for <paramref name="lifetime"/>.</summary>
    Task StoreAsync(string key, byte[] value, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// Removes and returns the value under <paramref name="key"/>, or null, in one atomic step: of concurrent takes of
    /// one key, across every SSO instance on the store, exactly one gets the value.
    /// </summary>
    Task<byte[]?> TakeAsync(string key, CancellationToken cancellationToken);
}
