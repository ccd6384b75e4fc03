using System.Diagnostics.Metrics;

namespace Bridge.Relay;

/// <summary>The relay's counters, on the meter <see cref="MeterName"/>.</summary>
internal sealed class RelayMetrics
{
    public const string MeterName = BridgeRelayOptions.MeterName;

    private readonly Counter<long> relayed;
    private readonly Counter<long> refused;
    private readonly Counter<long> failed;
    private readonly Counter<long> pagesRefused;

    public RelayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        relayed = meter.CreateCounter<long>(
            "bridge.relay.requests.relayed", "{request}", "Relayed requests the policy accepted and passed on to the app.");
        refused = meter.CreateCounter<long>(
            "bridge.relay.requests.refused", "{request}", "Relayed requests the policy refused, by reason.");
        failed = meter.CreateCounter<long>(
            "bridge.relay.requests.failed", "{request}", "Accepted relayed requests whose answer was a 5xx status or an exception.");
        pagesRefused = meter.CreateCounter<long>(
            "bridge.relay.pages.refused", "{report}", "Relay pages a browser refused by their Content-Security-Policy (frame-ancestors: a page not allowed tried to frame the relay), by directive.");
    }

    public void Relayed() => relayed.Add(1);

    public void Refused(string reason) => refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Failed() => failed.Add(1);

    public void PageRefused(string directive) => pagesRefused.Add(1, new KeyValuePair<string, object?>("directive", directive));
}
