using Microsoft.Playwright;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// A mechanism the profiling mode runs, and which of the scripts the profiles show are its own: those the service
/// serves under <see cref="OwnScriptPath"/>. Those with scripts of their own are the relays, each with one relay frame.
/// </summary>
internal sealed record ProfiledMechanism(string Name, string? OwnScriptPath, string OwnScripts)
{
    /// <summary>cors, the baseline, then the two relays; the other mechanisms are the benchmark's, not profiled here.</summary>
    public static readonly IReadOnlyList<ProfiledMechanism> All =
    [
        new("cors", null, "none: the browser's fetch, called by the harness"),
        new("bridge", "/bridge/", "bridge.js in the page, the relay page (/bridge/relay.html, its script inline) in the relay frame"),
        new("penpal", "/peers/penpal/", "penpal.min.js and penpal-fetch.js in the page, penpal.min.js and relay.js in the relay frame"),
    ];

    public bool HasRelay => OwnScriptPath is not null;

    /// <summary>Whether a profile's script URL is one of this mechanism's scripts on <paramref name="serviceOrigin"/>.</summary>
    public Func<string, bool> IsOwnScript(string serviceOrigin) =>
        url => OwnScriptPath is not null && url.StartsWith(serviceOrigin + OwnScriptPath, StringComparison.Ordinal);

    /// <summary>The page's frames that run the mechanism: the page, and its relay frame; throws if the page has other frames.</summary>
    public MechanismFrames FramesOf(IPage page)
    {
        var others = page.Frames.Where(frame => frame != page.MainFrame).ToList();
        if (others.Count != (HasRelay ? 1 : 0))
        {
            throw new InvalidOperationException(
                $"The {Name} page has {others.Count} frames besides its own ({string.Join(", ", others.Select(frame => frame.Url))}); expected {(HasRelay ? "its relay frame alone" : "none")}.");
        }
        return new MechanismFrames(page, others.FirstOrDefault());
    }
}

/// <summary>A mechanism's page and its relay frame (null for a mechanism without one), named as the files and the report name them.</summary>
internal sealed record MechanismFrames(IPage Page, IFrame? Relay)
{
    public const string PageName = "page";
    public const string RelayName = "relay";

    public IEnumerable<(string Name, IFrame Frame)> All =>
        Relay is null ? [(PageName, Page.MainFrame)] : [(PageName, Page.MainFrame), (RelayName, Relay)];

    /// <summary>A DevTools session on each frame, named: the page's, and the relay frame's (its own renderer across sites).</summary>
    public async Task<IReadOnlyList<(string Name, ICDPSession Session)>> OpenCdpSessionsAsync()
    {
        var sessions = new List<(string, ICDPSession)> { (PageName, await Page.Context.NewCDPSessionAsync(Page)) };
        if (Relay is not null)
        {
            sessions.Add((RelayName, await Page.Context.NewCDPSessionAsync(Relay)));
        }
        return sessions;
    }
}
