namespace Bridge.Relay;

/// <summary>
/// One site's policy: which pages (<see cref="Origins"/>) may ask the relay for what (<see cref="Paths"/>,
/// <see cref="Methods"/>, headers, credentials and sizes). The relay script and the host's middleware both enforce it.
/// </summary>
public sealed class BridgeRelaySite
{
    /// <summary>The default of <see cref="MaxRequestBodyBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>The default of <see cref="MaxResponseBodyBytes"/>: 16 MiB.</summary>
    public const long DefaultMaxResponseBodyBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Exact origins (<c>scheme://host[:port]</c>) of the pages this policy is for, e.g. <c>https://app.example.com</c>,
    /// compared by exact equality. <c>"https://*.example.com"</c> only with
    /// <see cref="BridgeRelayOptions.AllowSubdomainWildcards"/>, <c>"*"</c> only with
    /// <see cref="BridgeRelayOptions.AllowAnyOrigin"/>, <c>"null"</c> never. At least one.
    /// </summary>
    public IList<string> Origins { get; } = [];

    /// <summary>
    /// Patterns on the percent-decoded request path: a segment <c>*</c> is exactly one segment, a final <c>**</c>
    /// any number of segments (zero included), other segments are literal and case-sensitive; e.g. <c>/api/**</c>.
    /// At least one.
    /// </summary>
    public IList<string> Paths { get; } = [];

    /// <summary>Request methods, upper case. Empty means <c>GET, HEAD</c>; <c>"*"</c> means any.</summary>
    public IList<string> Methods { get; } = [];

    /// <summary>
    /// Request header names the page may set. Empty means the CORS-safelisted <c>accept, accept-language,
    /// content-language, content-type</c>; <c>"*"</c> means any. <c>bridge-relay-origin</c>, <c>cookie</c>,
    /// <c>host</c> and the Fetch standard's forbidden request headers are never allowed.
    /// </summary>
    public IList<string> RequestHeaders { get; } = [];

    /// <summary>
    /// Response header names returned to the page. Empty means the CORS-safelisted <c>cache-control,
    /// content-language, content-length, content-type, expires, last-modified, pragma</c>; <c>"*"</c> means all.
    /// </summary>
    public IList<string> ExposedHeaders { get; } = [];

    /// <summary>Whether a page's <c>credentials: "include"</c> may send the service's cookies. Default false.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>The largest request body a page may send, in bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>The largest response body the relay returns to a page, in bytes. Default 16 MiB.</summary>
    public long MaxResponseBodyBytes { get; set; } = DefaultMaxResponseBodyBytes;
}
