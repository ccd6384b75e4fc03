namespace Bridge.Relay;

/// <summary>
/// The relay's policy, bound from the configuration section <see cref="SectionName"/> and validated at start-up.
/// Closed by default: with no allowed origin the host does not start.
/// </summary>
public sealed class BridgeRelayOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Bridge:Relay";

    /// <summary>
    /// Exact origins (<c>scheme://host[:port]</c>) of the sites whose pages may use the relay,
    /// for example <c>https://app.example.com</c>. Compared by exact equality, never by prefix or suffix.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];
}
