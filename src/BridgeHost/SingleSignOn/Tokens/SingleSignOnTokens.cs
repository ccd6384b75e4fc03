using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn.Tokens;

/// <summary>
/// Mints and redeems authentication tokens (steps 3 and 4): 256 random bits, base64url; stored under their SHA-256
/// only, so a dump of the store holds no usable token; bound to the app origin that asked; single use (a redemption
/// takes the token out of the store before anything else is checked, so any redemption spends it); short-lived.
/// </summary>
internal sealed class SingleSignOnTokens(ITokenStore store, IOptions<SingleSignOnOptions> options, TimeProvider time)
{
    private const string KeyPrefix = "bridge-sso:token:";
    private const int TokenBytes = 32;

    public TimeSpan Lifetime => options.Value.TokenLifetime;

    /// <summary>A new token for <paramref name="user"/>, redeemable only by the app at <paramref name="appOrigin"/>.</summary>
    public async Task<string> MintAsync(string user, string appOrigin, CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var record = new TokenRecord(user, appOrigin, time.GetUtcNow() + Lifetime);
        await store.StoreAsync(Key(token), JsonSerializer.SerializeToUtf8Bytes(record), Lifetime, cancellationToken);
        return token;
    }

    /// <summary>Spends <paramref name="token"/> for the app at <paramref name="appOrigin"/>, whatever the outcome.</summary>
    public async Task<Redemption> RedeemAsync(string token, string appOrigin, CancellationToken cancellationToken)
    {
        if (!Base64Url.IsValid(token, out var length) || length != TokenBytes)
        {
            return new Redemption(RedemptionOutcome.Unknown);
        }
        var value = await store.TakeAsync(Key(token), cancellationToken);
        if (value is null || JsonSerializer.Deserialize<TokenRecord>(value) is not { } record)
        {
            return new Redemption(RedemptionOutcome.Unknown);
        }
        if (time.GetUtcNow() >= record.ExpiresAt)
        {
            return new Redemption(RedemptionOutcome.Expired, BoundOrigin: record.AppOrigin);
        }
        return string.Equals(record.AppOrigin, appOrigin, StringComparison.Ordinal)
            ? new Redemption(RedemptionOutcome.Redeemed, record.User, record.AppOrigin)
            : new Redemption(RedemptionOutcome.OtherApp, BoundOrigin: record.AppOrigin);
    }

    private static string Key(string token) => KeyPrefix + Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
