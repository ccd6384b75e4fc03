using Microsoft.Extensions.Primitives;

namespace Bridge.Classic.Proxy;

/// <summary>Which headers cross the proxy, in either direction.</summary>
internal static class ProxyHeaders
{
    /// <summary>Response headers the proxy passes back (besides Content-Length); Set-Cookie is never among them.</summary>
    public static readonly IReadOnlyList<string> ForwardedResponseHeaders =
        ["Content-Type", "Content-Encoding", "Content-Language", "Cache-Control", "ETag", "Last-Modified", "Expires"];

    // RFC 9110 7.6.1 and the usual extras: they describe one connection, never the message.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade",
    };

    public static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)) && value != "*";

    public static bool IsRouteId(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Why a request header may never be configured to cross the proxy, or null.</summary>
    public static string? WhyNeverForwarded(string name) => name switch
    {
        _ when IsHopByHop(name) => "is hop-by-hop: it describes the caller's connection to the proxy, not the request",
        _ when name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) =>
            "is never forwarded: the user's cookies for the site stay on the site",
        _ when name.Equals("Host", StringComparison.OrdinalIgnoreCase) => "is set by the proxy from the route's upstream",
        _ when name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) => "is set by the proxy from the body it sends",
        _ when name.Equals("Bridge-Relay-Origin", StringComparison.OrdinalIgnoreCase) =>
            "is the relay's verified origin; a page must never be able to set it on the service",
        _ => null,
    };

    public static bool IsHopByHop(string name) => HopByHop.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase);

    /// <summary>True if <paramref name="name"/> is hop-by-hop, or named in the message's Connection header.</summary>
    public static bool IsConnectionSpecific(string name, StringValues connection)
    {
        if (IsHopByHop(name))
        {
            return true;
        }
        foreach (var value in connection)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
