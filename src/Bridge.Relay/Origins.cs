using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bridge.Relay;

/// <summary>Parses configured origins into the exact form browsers report in <c>MessageEvent.origin</c>.</summary>
internal static class Origins
{
    public const string AnyOriginProblem =
        "\"*\" would let every site use the relay; list each site's origin, or set Bridge:Relay:AllowAnyOrigin to true to open it on purpose";

    public const string NullOriginProblem =
        "a relay can only answer an opaque origin (\"null\") with '*' as targetOrigin, which Bridge never uses; " +
        "host the calling page on a real origin";

    /// <summary>
    /// Normalizes <paramref name="value"/> to <c>scheme://host[:port]</c>: lower case, punycode host, default
    /// port left out, as the browser serializes an origin. Anything that is not exactly one origin is refused.
    /// </summary>
    public static bool TryNormalize(
        string? value,
        [NotNullWhen(true)] out string? origin,
        [NotNullWhen(false)] out string? problem)
    {
        origin = null;
        problem = Check(value, out var uri);
        if (problem is not null)
        {
            return false;
        }

        var port = uri!.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        // .NET's parser forgives forms a browser never reports (127.1, /./, an empty port, ...). The value must
        // already be the origin, up to letter case, a default port and one trailing slash.
        var explicitPort = uri.IsDefaultPort && HasExplicitPort(value!) ? ":" + uri.Port.ToString(CultureInfo.InvariantCulture) : port;
        var written = value!.EndsWith('/') ? value[..^1] : value;
        if (!written.Equals($"{uri.Scheme}://{uri.Host}{explicitPort}", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"write it as the browser reports it, e.g. \"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}{port}\"";
            return false;
        }
        origin = $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}{port}";
        return true;
    }

    private static bool HasExplicitPort(string value)
    {
        var authority = value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        return colon >= 0 && !authority.EndsWith(']') && colon < authority.Length - 1;
    }

    private static string? Check(string? value, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return "it is empty";
        }
        if (value.Trim() != value)
        {
            return "it has spaces around it";
        }
        if (value == "*")
        {
            return AnyOriginProblem;
        }
        if (value.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return NullOriginProblem;
        }
        if (value.Contains('*'))
        {
            return "a \"*\" may only stand for whole host labels, as in \"https://*.example.com\"";
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out uri))
        {
            return "it is not an absolute URL";
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"the scheme must be http or https, not {uri.Scheme}";
        }
        if (uri.HostNameType == UriHostNameType.IPv6)
        {
            return "an IPv6 address cannot be written in the relay page's frame-ancestors policy; use a host name";
        }
        if (uri.UserInfo.Length > 0 || value.Contains('@'))
        {
            return "an origin has no user name or password";
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || value.EndsWith('?') || value.EndsWith('#'))
        {
            return "an origin has no path, query or fragment";
        }
        return null;
    }
}
