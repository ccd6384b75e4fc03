namespace Bridge.Benchmark.Profiling;

/// <summary>The messages one frame posted on MessagePorts, and the sum of their estimated sizes in bytes.</summary>
internal sealed record PortPosts(int Posts, double Bytes)
{
    public static readonly PortPosts None = new(0, 0);

    /// <summary>Messages per call.</summary>
    public double PerCall(int calls) => (double)Posts / calls;

    /// <summary>The mean estimated size of a message, or null when none was posted.</summary>
    public double? MeanBytes => Posts == 0 ? null : Bytes / Posts;
}

/// <summary>What bridge's relay frame counted (<c>window.bridgeRelayStats</c>) over the calls counted.</summary>
internal sealed record RelayCounters(int RelayedRequests, int InlineBodies, int ChunkedBodies)
{
    public RelayCounters Since(RelayCounters before) => new(
        RelayedRequests - before.RelayedRequests, InlineBodies - before.InlineBodies, ChunkedBodies - before.ChunkedBodies);
}

/// <summary>
/// The messages of one pass of the workload: those the page posted to its relay, those the relay posted back, and
/// bridge's relay counters (null for a mechanism without them), with their per-call figures.
/// </summary>
internal sealed record MessageCounts(int Calls, PortPosts PageToRelay, PortPosts RelayToPage, RelayCounters? Relay)
{
    public double PageToRelayPerCall => PageToRelay.PerCall(Calls);

    public double RelayToPagePerCall => RelayToPage.PerCall(Calls);

    public double? RelayedPerCall => Relay is null ? null : (double)Relay.RelayedRequests / Calls;

    public double? InlineBodiesPerCall => Relay is null ? null : (double)Relay.InlineBodies / Calls;

    public double? ChunkedBodiesPerCall => Relay is null ? null : (double)Relay.ChunkedBodies / Calls;
}
