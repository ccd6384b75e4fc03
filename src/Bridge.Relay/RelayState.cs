using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Bridge.Relay;

/// <summary>
/// The current policy and relay page, read once from the options and rebuilt when the configuration changes. A changed
/// configuration that fails validation is refused with an Error log entry, and the previous policy stays in force.
/// (The options monitor would throw on such a change before its listeners run, so nothing would say so.)
/// </summary>
internal sealed class RelayState : IDisposable
{
    private readonly IOptionsFactory<BridgeRelayOptions> factory;
    private readonly ClientAssets assets;
    private readonly ILogger<RelayState> logger;
    private readonly List<IDisposable> subscriptions;
    private volatile Snapshot current;

    public RelayState(
        IOptionsMonitor<BridgeRelayOptions> options,
        IOptionsFactory<BridgeRelayOptions> factory,
        IEnumerable<IOptionsChangeTokenSource<BridgeRelayOptions>> changes,
        ClientAssets assets,
        ILogger<RelayState> logger)
    {
        this.factory = factory;
        this.assets = assets;
        this.logger = logger;
        current = Build(options.CurrentValue);
        subscriptions = [.. changes
            .Where(source => source.Name == Options.DefaultName)
            .Select(source => ChangeToken.OnChange(source.GetChangeToken, Reload))];
    }

    public RelayPolicy Policy => current.Policy;

    public RelayPages Pages => current.Pages;

    public void Dispose()
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void Reload()
    {
        BridgeRelayOptions changed;
        try
        {
            changed = factory.Create(Options.DefaultName);
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
        {
            // InvalidOperationException: a value the binder cannot convert (a size that is not a number, say); its
            // message names the key, its inner exception's the value.
            Log.PolicyChangeRefused(logger, exception.InnerException is { } inner ? $"{exception.Message} {inner.Message}" : exception.Message);
            return;
        }
        current = Build(changed);
    }

    private Snapshot Build(BridgeRelayOptions options)
    {
        var policy = RelayPolicy.From(options);
        Log.PolicyLoaded(logger, policy.Sites.Count, string.Join(' ', policy.OriginEntries));
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
        if (policy.AllowCredentialsWithSubdomainWildcards)
        {
            var wildcards = policy.Sites.Where(site => site.AllowCredentials).SelectMany(site => site.Origins
                .Where(origin => origin.Kind == OriginPatternKind.Subdomains)
                .Select(origin => $"{origin.Value} ({Describe(site)})"));
            Log.CredentialsWithSubdomainWildcardsAllowed(logger, Describe(wildcards, "no site yet (none with AllowCredentials lists a wildcard)"));
        }
        return new Snapshot(policy, new RelayPages(policy, assets.RelayScript));
    }

    private static string Describe(SitePolicy site) => $"{site.Key}, paths {string.Join(' ', site.Paths)}";

    private static string Describe(IEnumerable<string> items, string none)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? none : text;
    }

    private sealed record Snapshot(RelayPolicy Policy, RelayPages Pages);
}
