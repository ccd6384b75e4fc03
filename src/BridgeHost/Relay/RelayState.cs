using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Relay;

/// <summary>The current policy and relay page, read once from the options and rebuilt when they change.</summary>
internal sealed class RelayState : IDisposable
{
    private readonly ClientAssets assets;
    private readonly ILogger<RelayState> logger;
    private readonly IDisposable? subscription;
    private volatile Snapshot current;

    public RelayState(IOptionsMonitor<BridgeRelayOptions> options, ClientAssets assets, ILogger<RelayState> logger)
    {
        this.assets = assets;
        this.logger = logger;
        current = Build(options.CurrentValue);
        subscription = options.OnChange(changed => current = Build(changed));
    }

    public RelayPolicy Policy => current.Policy;

    public RelayPage Page => current.Page;

    public void Dispose() => subscription?.Dispose();

    private Snapshot Build(BridgeRelayOptions options)
    {
        var policy = RelayPolicy.From(options);
        Log.PolicyLoaded(logger, policy.Sites.Count, string.Join(' ', policy.FrameAncestors));
        if (policy.AllowAnyOrigin)
        {
            var sites = policy.Sites.Where(site => site.Origins.Any(origin => origin.Kind == OriginPatternKind.Any)).Select(Describe);
            Log.AnyOriginAllowed(logger, Describe(sites, "no site yet (none lists \"*\")"));
        }
        if (policy.AllowSubdomainWildcards)
        {
            var wildcards = policy.Sites.SelectMany(site => site.Origins
                .Where(origin => origin.Kind == OriginPatternKind.Subdomains)
                .Select(origin => $"{origin.Value} ({Describe(site)})"));
            Log.SubdomainWildcardsAllowed(logger, Describe(wildcards, "no wildcard yet (none is listed)"));
        }
        return new Snapshot(policy, new RelayPage(policy, assets.RelayScript));
    }

    private static string Describe(SitePolicy site) => $"{site.Key}, paths {string.Join(' ', site.Paths)}";

    private static string Describe(IEnumerable<string> items, string none)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? none : text;
    }

    private sealed record Snapshot(RelayPolicy Policy, RelayPage Page);
}
