using System.Collections.Frozen;

namespace Bridge.Relay;

/// <summary>An immutable snapshot of validated <see cref="BridgeRelayOptions"/>, rebuilt when they change.</summary>
internal sealed class RelayPolicy
{
    // An exact origin's site is one lookup; wildcard entries and "*" are tried in configuration order after it.
    private readonly FrozenDictionary<string, SitePolicy> exactOrigins;
    private readonly IReadOnlyList<(OriginPattern Pattern, SitePolicy Site)> subdomainOrigins;
    private readonly SitePolicy? anyOrigin;
    private readonly FrozenSet<string> proxyHeaders;

    private RelayPolicy(
        IReadOnlyList<SitePolicy> sites,
        bool allowAnyOrigin,
        bool allowSubdomainWildcards,
        bool allowCredentialsWithSubdomainWildcards,
        IEnumerable<string> proxyHeaders)
    {
        AllowCredentialsWithSubdomainWildcards = allowCredentialsWithSubdomainWildcards;
        Sites = sites;
        this.proxyHeaders = proxyHeaders.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        AllowAnyOrigin = allowAnyOrigin;
        AllowSubdomainWildcards = allowSubdomainWildcards;
        var exact = new Dictionary<string, SitePolicy>(StringComparer.Ordinal);
        var subdomains = new List<(OriginPattern, SitePolicy)>();
        var entries = new List<string>();
        foreach (var site in sites)
        {
            foreach (var origin in site.Origins)
            {
                if (!entries.Contains(origin.Value))
                {
                    entries.Add(origin.Value);
                }
                switch (origin.Kind)
                {
                    case OriginPatternKind.Exact:
                        exact.TryAdd(origin.Value, site);
                        break;
                    case OriginPatternKind.Subdomains:
                        subdomains.Add((origin, site));
                        break;
                    default:
                        anyOrigin ??= site;
                        break;
                }
            }
        }
        exactOrigins = exact.ToFrozenDictionary(StringComparer.Ordinal);
        subdomainOrigins = subdomains;
        OriginEntries = entries;
    }

    /// <summary>The sites in configuration order.</summary>
    public IReadOnlyList<SitePolicy> Sites { get; }

    public bool AllowAnyOrigin { get; }

    public bool AllowSubdomainWildcards { get; }

    public bool AllowCredentialsWithSubdomainWildcards { get; }

    /// <summary>Whether infrastructure in front of the service adds <paramref name="name"/> (<see cref="BridgeRelayOptions.ProxyHeaders"/>).</summary>
    public bool IsProxyHeader(string name) => proxyHeaders.Contains(name);

    /// <summary>Every site's origin entries, without duplicates, in configuration order.</summary>
    public IReadOnlyList<string> OriginEntries { get; }

    /// <summary>
    /// The policy for a page on <paramref name="origin"/> (as a browser serializes it), or null when no site allows it:
    /// the first site listing it exactly, else the first whose subdomain wildcard matches, else the first listing <c>*</c>.
    /// </summary>
    public SitePolicy? Match(string origin)
    {
        if (exactOrigins.TryGetValue(origin, out var site))
        {
            return site;
        }
        foreach (var (pattern, candidate) in subdomainOrigins)
        {
            if (pattern.Matches(origin))
            {
                return candidate;
            }
        }
        return anyOrigin is not null && OriginPattern.IsSerializedOrigin(origin) ? anyOrigin : null;
    }

    /// <summary>Builds the snapshot from options that passed <see cref="BridgeRelayOptionsValidator"/>.</summary>
    public static RelayPolicy From(BridgeRelayOptions options)
    {
        var sites = options.Sites.Select((site, index) => SitePolicy.From(index, site, options)).ToList();
        return new RelayPolicy(
            sites, options.AllowAnyOrigin, options.AllowSubdomainWildcards, options.AllowCredentialsWithSubdomainWildcards, options.ProxyHeaders);
    }
}
