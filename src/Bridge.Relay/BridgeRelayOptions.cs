namespace Bridge.Relay;

/// <summary>
/// The relay's policy, bound from the configuration section <see cref="SectionName"/> and validated at start-up.
/// Closed by default: with no site the host does not start, and every site allows only what it lists.
/// </summary>
public sealed class BridgeRelayOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Bridge:Relay";

    /// <summary>
    /// The name of the meter the relay counts on: <c>bridge.relay.requests.relayed</c>, <c>.refused</c> (by
    /// <c>reason</c>), <c>.failed</c>, and <c>bridge.relay.pages.refused</c> (by <c>directive</c>).
    /// </summary>
    public const string MeterName = "Bridge.Relay";

    /// <summary>
    /// The sites whose pages may use the relay, each with what its pages may ask for. A page gets the policy of the
    /// first site listing its origin exactly; failing that, of the first site whose subdomain wildcard matches it;
    /// failing that, of the first site listing <c>"*"</c>.
    /// </summary>
    public IList<BridgeRelaySite> Sites { get; } = [];

    /// <summary>
    /// Allows <c>"*"</c> in <see cref="BridgeRelaySite.Origins"/>: pages on any origin may then use the relay with
    /// that site's policy. Off by default, and logged at Warning when on.
    /// </summary>
    public bool AllowAnyOrigin { get; set; }

    /// <summary>
    /// Allows subdomain wildcards such as <c>"https://*.example.com"</c> in <see cref="BridgeRelaySite.Origins"/>,
    /// matching one or more labels before <c>.example.com</c> with the same scheme and port. Off by default, and
    /// logged at Warning when on.
    /// </summary>
    public bool AllowSubdomainWildcards { get; set; }

    /// <summary>
    /// Allows <see cref="BridgeRelaySite.AllowCredentials"/> on a site that lists a subdomain wildcard: a page on any
    /// matching subdomain (one taken over, or serving users' content) may then make calls with the service's cookies.
    /// Off by default, so such a policy does not start; logged at Warning when on. (A site listing <c>"*"</c> never
    /// allows credentials.)
    /// </summary>
    public bool AllowCredentialsWithSubdomainWildcards { get; set; }

    /// <summary>
    /// Request headers that infrastructure in front of the service adds (a reverse proxy's or load balancer's
    /// <c>X-Forwarded-For</c>, say). The host's check of relayed requests ignores them; the relay still refuses them
    /// from pages unless a site lists them in <see cref="BridgeRelaySite.RequestHeaders"/>. Empty by default.
    /// </summary>
    public IList<string> ProxyHeaders { get; } = [];
}
