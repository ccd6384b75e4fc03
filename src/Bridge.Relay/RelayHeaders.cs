using System.Buffers;
using System.Collections.Frozen;

namespace Bridge.Relay;

/// <summary>The HTTP names the relay policy speaks of: its own header, safelisted defaults, and what browsers manage.</summary>
internal static class RelayHeaders
{
    /// <summary>Added by the relay script to every request it makes: the page's exact origin.</summary>
    public const string Origin = "Bridge-Relay-Origin";

    /// <summary>Used for an empty <see cref="BridgeRelaySite.Methods"/>.</summary>
    public static readonly IReadOnlyList<string> DefaultMethods = ["GET", "HEAD"];

    /// <summary>Used for an empty <see cref="BridgeRelaySite.RequestHeaders"/>: the CORS-safelisted request headers.</summary>
    public static readonly IReadOnlyList<string> SafelistedRequestHeaders = ["accept", "accept-language", "content-language", "content-type"];

    /// <summary>Used for an empty <see cref="BridgeRelaySite.ExposedHeaders"/>: the CORS-safelisted response headers.</summary>
    public static readonly IReadOnlyList<string> SafelistedResponseHeaders =
        ["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"];

    /// <summary>
    /// https://fetch.spec.whatwg.org/#forbidden-request-header, lower case (the X-HTTP-Method family is forbidden only
    /// for some values, so it is not listed by name). The relay page's data block carries it to the relay script.
    /// </summary>
    public static readonly IReadOnlyList<string> ForbiddenRequestHeaderNames =
    [
        "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
        "access-control-request-private-network", "connection", "content-length", "cookie", "cookie2", "date", "dnt",
        "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding",
        "upgrade", "via",
    ];

    /// <summary>The prefixes of the Fetch standard's forbidden request headers, lower case.</summary>
    public static readonly IReadOnlyList<string> ForbiddenRequestHeaderPrefixes = ["proxy-", "sec-"];

    private static readonly FrozenSet<string> ForbiddenRequestHeaders = ForbiddenRequestHeaderNames.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Headers a browser's fetch adds by itself, or that the relay adds, to a request the page did not set them on:
    // the middleware lets them through whatever the site lists.
    private static readonly FrozenSet<string> BrowserAddedRequestHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "user-agent", "accept", "accept-language", "cache-control", "pragma", "priority", "if-none-match",
        "if-modified-since", "if-match", "if-unmodified-since", "if-range", "range", "content-type", "content-length",
        "origin", "referer", Origin);

    // Headers reverse proxies and load balancers commonly add: a refusal for one of them says where to list it.
    private static readonly FrozenSet<string> WellKnownProxyHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix",
        "x-real-ip", "x-client-ip", "x-request-id", "x-amzn-trace-id", "x-arr-log-id", "x-original-for", "x-original-proto",
        "x-original-host", "cdn-loop", "true-client-ip", "cf-connecting-ip", "cf-ray");

    /// <summary>
    /// Headers that frameworks (ASP.NET Core's <c>UseHttpMethodOverride</c>, and others) take as the request's real
    /// method: a page may send one only when the method it names is itself allowed for its site.
    /// </summary>
    public static readonly IReadOnlyList<string> MethodOverrideHeaders = ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"];

    private static readonly FrozenSet<string> ForbiddenMethods = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "CONNECT", "TRACE", "TRACK");

    // RFC 9110 tchar.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static bool IsToken(string? value) => !string.IsNullOrEmpty(value) && !value.AsSpan().ContainsAnyExcept(TokenChars);

    /// <summary>A forbidden request header of the Fetch standard: a page cannot set it; the browser may.</summary>
    public static bool IsForbiddenRequestHeader(string name) =>
        ForbiddenRequestHeaders.Contains(name)
        || ForbiddenRequestHeaderPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>A header that reverse proxies or load balancers commonly add to requests on their way to the service.</summary>
    public static bool IsWellKnownProxyHeader(string name) => WellKnownProxyHeaders.Contains(name);

    /// <summary>A header the browser or the relay may put on a relayed request whatever the site's policy lists.</summary>
    public static bool IsBrowserManaged(string name) => IsForbiddenRequestHeader(name) || BrowserAddedRequestHeaders.Contains(name);

    /// <summary>Why <paramref name="name"/> may never be listed in a site's RequestHeaders, or null when it may.</summary>
    public static string? WhyNeverAllowed(string name)
    {
        if (name.Equals(Origin, StringComparison.OrdinalIgnoreCase))
        {
            return "the relay sets it to the calling page's origin, so a page may never set it";
        }
        if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
        {
            return "cookies come from the browser's cookie store, and only with AllowCredentials";
        }
        if (name.Equals("host", StringComparison.OrdinalIgnoreCase))
        {
            return "the browser sets it to the service's host";
        }
        return IsForbiddenRequestHeader(name)
            ? "browsers never let a page set it (a forbidden request header in the Fetch standard)"
            : null;
    }

    /// <summary>A method browsers refuse to send (the Fetch standard's forbidden methods).</summary>
    public static bool IsForbiddenMethod(string method) => ForbiddenMethods.Contains(method);
}
