namespace Bridge.Relay;

/// <summary>Set on a request the relay policy middleware accepted: the page origin it was relayed for, and its site.</summary>
internal sealed class RelayedRequestFeature(string origin, SitePolicy site)
{
    public string Origin { get; } = origin;

    public SitePolicy Site { get; } = site;
}
