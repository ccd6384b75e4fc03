namespace Bridge.Http;

/// <summary>The one rule for an origin in the demo host's own configuration: exact, as a browser sends it.</summary>
internal static class ExactOrigin
{
    /// <summary>
    /// Why <paramref name="value"/> is not an exact http(s) origin (<c>scheme://host[:port]</c>, nothing more), or
    /// null when it is one. The text completes a sentence that starts with the value.
    /// </summary>
    public static string? WhyNot(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is empty";
        }
        if (value == "*")
        {
            return "is a wildcard: exact origins only";
        }
        if (value.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return "is the origin of sandboxed and file pages, which any page can take on";
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an http or https origin";
        }
        if (value.Contains('*', StringComparison.Ordinal))
        {
            return "has a wildcard: exact origins only";
        }
        return string.Equals(uri.GetLeftPart(UriPartial.Authority), value, StringComparison.OrdinalIgnoreCase)
            ? null
            : "is not just an origin (no path, query, credentials or trailing slash)";
    }
}
