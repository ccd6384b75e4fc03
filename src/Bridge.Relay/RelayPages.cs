using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Bridge.Relay;

/// <summary>
/// The relay pages of one policy: one per allowed page origin, built ahead for the exact origins and on request for
/// origins a wildcard or <c>*</c> allows (never kept, so no number of names can grow memory), one page that serves
/// nobody, and the forwarding page of the relay URL that names no origin.
/// </summary>
internal sealed partial class RelayPages
{
    private readonly RelayPolicy policy;
    private readonly ClientAsset relayScript;
    private readonly FrozenDictionary<string, RelayPage> exactOrigins;

    public RelayPages(RelayPolicy policy, ClientAsset relayScript)
    {
        this.policy = policy;
        this.relayScript = relayScript;
        ServingNobody = RelayPage.ServingNobody(relayScript);
        Forwarding = RelayPage.Forwarding(relayScript);
        exactOrigins = policy.Sites
            .SelectMany(site => site.Origins)
            .Where(origin => origin.Kind == OriginPatternKind.Exact)
            .Select(origin => origin.Value)
            .Distinct(StringComparer.Ordinal)
            .ToFrozenDictionary(origin => origin, origin => Build(origin) ?? ServingNobody, StringComparer.Ordinal);
    }

    public RelayPage ServingNobody { get; }

    public RelayPage Forwarding { get; }

    /// <summary>The page for a frame on <paramref name="origin"/>: its site's page, or the one that serves nobody.</summary>
    public RelayPage For(string origin) =>
        exactOrigins.TryGetValue(origin, out var page) ? page : Build(origin) ?? ServingNobody;

    private RelayPage? Build(string origin) =>
        CspHostSource().IsMatch(origin) && policy.Match(origin) is { } site ? RelayPage.Serving(origin, site, relayScript) : null;

    // A serialized http(s) origin as a CSP host-source: nothing in it can end the directive or the header.
    [GeneratedRegex(@"\Ahttps?://(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::[0-9]{1,5})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex CspHostSource();
}
