using System.Collections.Frozen;

namespace Bridge.Relay;

/// <summary>An immutable snapshot of validated <see cref="BridgeRelayOptions"/>, rebuilt when they change.</summary>
internal sealed class RelayPolicy
{
    private RelayPolicy(IReadOnlyList<string> allowedOrigins)
    {
        AllowedOrigins = allowedOrigins;
        allowed = allowedOrigins.ToFrozenSet(StringComparer.Ordinal);
    }

    private readonly FrozenSet<string> allowed;

    /// <summary>The allowed origins, normalized, without duplicates, in configuration order.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; }

    /// <summary>Exact, case-sensitive comparison with a browser-serialized origin.</summary>
    public bool Allows(string origin) => allowed.Contains(origin);

    /// <summary>Builds the snapshot from options that passed <see cref="BridgeRelayOptionsValidator"/>.</summary>
    public static RelayPolicy From(BridgeRelayOptions options)
    {
        var origins = new List<string>();
        foreach (var value in options.AllowedOrigins)
        {
            if (!Origins.TryNormalize(value, out var origin, out var problem))
            {
                throw new InvalidOperationException($"Unvalidated relay origin \"{value}\": {problem}.");
            }
            if (!origins.Contains(origin))
            {
                origins.Add(origin);
            }
        }
        return new RelayPolicy(origins);
    }
}
