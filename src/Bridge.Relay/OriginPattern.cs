using System.Diagnostics.CodeAnalysis;

namespace Bridge.Relay;

internal enum OriginPatternKind
{
    /// <summary>One origin, compared by exact equality.</summary>
    Exact,

    /// <summary><c>scheme://*.host[:port]</c>: one or more labels before the host, same scheme and port.</summary>
    Subdomains,

    /// <summary><c>*</c>: every origin but the opaque <c>null</c>.</summary>
    Any,
}

/// <summary>One entry of a site's <c>Origins</c>, normalized: an exact origin, a subdomain wildcard, or <c>*</c>.</summary>
internal sealed class OriginPattern
{
    private const string WildcardLabel = "*.";

    // For a subdomain wildcard: "https://" and ".example.com:8443", the parts around the labels it stands for.
    private readonly string prefix;
    private readonly string suffix;

    private OriginPattern(OriginPatternKind kind, string value, string prefix = "", string suffix = "")
    {
        Kind = kind;
        Value = value;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    public OriginPatternKind Kind { get; }

    /// <summary>The normalized entry, as written in the relay page's data block and its <c>frame-ancestors</c>.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>
    /// Whether <paramref name="origin"/>, serialized as a browser reports it, is this entry. A subdomain wildcard
    /// matches at label boundaries only: <c>https://*.example.com</c> matches <c>https://a.b.example.com</c>, never
    /// <c>https://example.com</c>, <c>https://badexample.com</c> or <c>http://a.example.com</c>.
    /// </summary>
    public bool Matches(string origin) => Kind switch
    {
        OriginPatternKind.Exact => string.Equals(origin, Value, StringComparison.Ordinal),
        OriginPatternKind.Any => IsSerializedOrigin(origin),
        _ => origin.Length > prefix.Length + suffix.Length
            && origin.StartsWith(prefix, StringComparison.Ordinal)
            && origin.EndsWith(suffix, StringComparison.Ordinal)
            && AreLabels(origin.AsSpan(prefix.Length, origin.Length - prefix.Length - suffix.Length)),
    };

    /// <summary>
    /// Parses one configured entry. <c>*</c> needs <paramref name="allowAnyOrigin"/>, a subdomain wildcard needs
    /// <paramref name="allowSubdomainWildcards"/>; anything else must pass <see cref="Origins.TryNormalize"/>.
    /// </summary>
    public static bool TryParse(
        string? value,
        bool allowAnyOrigin,
        bool allowSubdomainWildcards,
        [NotNullWhen(true)] out OriginPattern? pattern,
        [NotNullWhen(false)] out string? problem)
    {
        pattern = null;
        if (value == "*")
        {
            problem = allowAnyOrigin ? null : Origins.AnyOriginProblem;
            pattern = allowAnyOrigin ? new OriginPattern(OriginPatternKind.Any, "*") : null;
            return allowAnyOrigin;
        }
        var schemeEnd = value?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        if (value is null || schemeEnd < 0 || !value.AsSpan(schemeEnd + 3).StartsWith(WildcardLabel, StringComparison.Ordinal))
        {
            if (!Origins.TryNormalize(value, out var origin, out problem))
            {
                return false;
            }
            pattern = new OriginPattern(OriginPatternKind.Exact, origin);
            return true;
        }

        // scheme://*.rest: the rest must be an origin of its own, of at least two labels, with no other "*".
        var hostStart = schemeEnd + 3 + WildcardLabel.Length;
        var parent = value[..(schemeEnd + 3)] + value[hostStart..];
        if (parent.Contains('*'))
        {
            problem = "a subdomain wildcard has one \"*\", as its first label: \"https://*.example.com\"";
            return false;
        }
        if (!Origins.TryNormalize(parent, out var parentOrigin, out problem))
        {
            return false;
        }
        var uri = new Uri(parentOrigin);
        if (uri.HostNameType != UriHostNameType.Dns)
        {
            problem = "a subdomain wildcard needs a host name, not an IP address";
            return false;
        }
        if (!uri.IdnHost.Contains('.', StringComparison.Ordinal))
        {
            problem = $"\"*.{uri.IdnHost}\" would cover a whole top-level domain; a subdomain wildcard needs at least two labels after \"*.\", e.g. \"{uri.Scheme}://*.example.com\"";
            return false;
        }
        if (!allowSubdomainWildcards)
        {
            problem =
                "subdomain wildcards are off; list each origin, or set Bridge:Relay:AllowSubdomainWildcards to true " +
                "to let every subdomain use the relay";
            return false;
        }
        var scheme = uri.Scheme + "://";
        var hostAndPort = parentOrigin[scheme.Length..];
        pattern = new OriginPattern(OriginPatternKind.Subdomains, scheme + WildcardLabel + hostAndPort, scheme, "." + hostAndPort);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="origin"/> is an http(s) origin exactly as a browser serializes one (lower case, no
    /// default port, no path), so that <c>*</c> never vouches for a value no browser would send, such as <c>null</c>.
    /// </summary>
    public static bool IsSerializedOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.UserInfo.Length == 0
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.Ordinal);

    /// <summary>One or more non-empty DNS labels separated by dots, as a browser serializes a host: lower case, punycode.</summary>
    private static bool AreLabels(ReadOnlySpan<char> labels)
    {
        if (labels.IsEmpty || labels[0] == '.' || labels[^1] == '.' || labels.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in labels)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.'))
            {
                return false;
            }
        }
        return true;
    }
}
