using Bridge.Benchmark.Peers;

namespace Bridge.Benchmark;

/// <summary>The client scripts a mechanism's page loads from the service, in order: one list for every page setup.</summary>
internal static class MechanismScripts
{
    public static IReadOnlyList<string> For(string mechanism) => mechanism switch
    {
        "bridge" or "bridge-streams" => ["/bridge/bridge.js"],
        // xdomain must come before any script that could keep a reference to XMLHttpRequest, which it replaces.
        "xdomain" => [PeerEndpoints.XdomainScript],
        "penpal" => [PeerEndpoints.PenpalScript, PeerEndpoints.PenpalPageScript],
        "cors" or "proxy" => [],
        _ => throw new ArgumentException($"Unknown mechanism {mechanism}.", nameof(mechanism)),
    };
}
