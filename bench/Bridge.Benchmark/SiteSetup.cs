namespace Bridge.Benchmark;

/// <summary>
/// Where the page is served from, against the service on <c>localhost</c>: <c>cross</c>, another site
/// (<c>127.0.0.1</c>), which is how sites and services are deployed and where Chromium runs the relay frame in a
/// process of its own; <c>same</c>, the same site on another port.
/// </summary>
internal sealed record SiteSetup(string Name, string Title, string Description)
{
    public static readonly SiteSetup Cross = new("cross", "Cross-site", "the page on 127.0.0.1, another site than the service on localhost");

    public static readonly SiteSetup Same = new("same", "Same-site", "the page on localhost, the same site as the service, on another port");

    public static readonly IReadOnlyList<SiteSetup> All = [Cross, Same];

    public bool CrossSite => this == Cross;
}
