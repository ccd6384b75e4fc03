namespace Bridge.Classic.Proxy;

/// <summary>
/// The site's proxy routes: configuration section <c>Demo:Proxy</c>, bound once and validated at start-up by
/// <see cref="ProxyOptionsValidator"/>. No routes means the proxy forwards nothing.
/// </summary>
internal sealed class ProxyOptions
{
    public const string SectionName = "Demo:Proxy";

    /// <summary>The routes by id: <c>/proxy/{id}</c> forwards to that route's upstream, and nothing else does.</summary>
    public Dictionary<string, ProxyRouteOptions?> Routes { get; } = new(StringComparer.Ordinal);
}

/// <summary>One route: <c>Demo:Proxy:Routes:{id}</c>.</summary>
internal sealed class ProxyRouteOptions
{
    /// <summary>The absolute http(s) URL the route forwards to, without a query (the caller's query is passed on).</summary>
    public string? Upstream { get; set; }

    /// <summary>The methods the route forwards, e.g. <c>GET</c>; any other is answered 405 and sent nowhere.</summary>
    public List<string> Methods { get; set; } = [];

    /// <summary>The request headers the route passes on by name; every other header stays on the site.</summary>
    public List<string> RequestHeaders { get; set; } = [];

    /// <summary>The largest upstream response body the route passes back, in bytes; a larger one is a 502.</summary>
    public long MaxResponseBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long the upstream has to answer, body included; past it the caller gets a 504.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True lets the route connect to loopback, private and link-local addresses (see <see cref="OutboundAddressRule"/>).
    /// Only for an upstream you run on your own network, such as the demo's service on localhost.
    /// </summary>
    public bool Internal { get; set; }
}
