using System.Collections.Frozen;
using System.Globalization;

namespace Bridge.Relay;

/// <summary>One site's validated policy, normalized, with the defaults applied: what the relay page lists and the middleware enforces.</summary>
internal sealed class SitePolicy
{
    private const string Any = "*";

    private readonly FrozenSet<string> methods;
    private readonly FrozenSet<string> requestHeaders;

    private SitePolicy(
        int index,
        IReadOnlyList<OriginPattern> origins,
        IReadOnlyList<PathPattern> paths,
        IReadOnlyList<string> methods,
        IReadOnlyList<string> requestHeaders,
        IReadOnlyList<string> exposedHeaders,
        BridgeRelaySite site)
    {
        Index = index;
        Origins = origins;
        Paths = paths;
        Methods = methods;
        RequestHeaders = requestHeaders;
        ExposedHeaders = exposedHeaders;
        AllowCredentials = site.AllowCredentials;
        MaxRequestBodyBytes = site.MaxRequestBodyBytes;
        MaxResponseBodyBytes = site.MaxResponseBodyBytes;
        this.methods = methods.ToFrozenSet(StringComparer.Ordinal);
        this.requestHeaders = requestHeaders.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The site's index in <see cref="BridgeRelayOptions.Sites"/>.</summary>
    public int Index { get; }

    /// <summary>Its configuration key, <c>Bridge:Relay:Sites:N</c>, for messages that tell where to change it.</summary>
    public string Key => $"{BridgeRelayOptions.SectionName}:{nameof(BridgeRelayOptions.Sites)}:{Index.ToString(CultureInfo.InvariantCulture)}";

    public IReadOnlyList<OriginPattern> Origins { get; }

    public IReadOnlyList<PathPattern> Paths { get; }

    /// <summary>Upper case, never empty: the configured methods, <c>GET, HEAD</c>, or <c>*</c> alone.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>Lower case, never empty: the configured names, the CORS-safelisted ones, or <c>*</c> alone.</summary>
    public IReadOnlyList<string> RequestHeaders { get; }

    /// <summary>Lower case, never empty: the configured names, the CORS-safelisted ones, or <c>*</c> alone.</summary>
    public IReadOnlyList<string> ExposedHeaders { get; }

    public bool AllowCredentials { get; }

    public long MaxRequestBodyBytes { get; }

    public long MaxResponseBodyBytes { get; }

    public bool AllowsPath(IReadOnlyList<string> decodedPath)
    {
        foreach (var pattern in Paths)
        {
            if (pattern.Matches(decodedPath))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Methods are case-sensitive: <c>patch</c> is not <c>PATCH</c>.</summary>
    public bool AllowsMethod(string method) => methods.Contains(Any) || methods.Contains(method);

    /// <summary>Whether a page may set this request header (the ones browsers manage are the caller's business).</summary>
    public bool AllowsRequestHeader(string name) => requestHeaders.Contains(Any) || requestHeaders.Contains(name);

    /// <summary>Builds the policy of a site that passed <see cref="BridgeRelayOptionsValidator"/>.</summary>
    public static SitePolicy From(int index, BridgeRelaySite site, BridgeRelayOptions options)
    {
        var origins = Distinct(site.Origins, value =>
            OriginPattern.TryParse(value, options.AllowAnyOrigin, options.AllowSubdomainWildcards, out var pattern, out var problem)
                ? pattern
                : throw Unvalidated("origin", value, problem),
            pattern => pattern.Value);
        var paths = Distinct(site.Paths, value =>
            PathPattern.TryParse(value, out var pattern, out var problem) ? pattern : throw Unvalidated("path pattern", value, problem),
            pattern => pattern.Value);
        return new SitePolicy(
            index,
            origins,
            paths,
            Names(site.Methods, RelayHeaders.DefaultMethods, name => name),
            Names(site.RequestHeaders, RelayHeaders.SafelistedRequestHeaders, name => name.ToLowerInvariant()),
            Names(site.ExposedHeaders, RelayHeaders.SafelistedResponseHeaders, name => name.ToLowerInvariant()),
            site);
    }

    private static IReadOnlyList<string> Names(IList<string> configured, IReadOnlyList<string> defaults, Func<string, string> normalize)
    {
        if (configured.Count == 0)
        {
            return defaults;
        }
        return configured.Contains(Any) ? [Any] : Distinct(configured, normalize, name => name);
    }

    private static List<T> Distinct<T>(IEnumerable<string> values, Func<string, T> parse, Func<T, string> key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<T>();
        foreach (var value in values)
        {
            var item = parse(value);
            if (seen.Add(key(item)))
            {
                result.Add(item);
            }
        }
        return result;
    }

    private static InvalidOperationException Unvalidated(string what, string value, string problem) =>
        new($"Unvalidated relay {what} \"{value}\": {problem}.");
}
