using System.Globalization;

namespace Bridge.Benchmark;

/// <summary>
/// The rows that more than one part of the report reads (the goals, the chart), named once: the workloads write
/// their values under these names and the readers find them there.
/// </summary>
internal static class MetricNames
{
    public const string Get = "GET /api/hello";

    public const string Post = "POST /api/echo, 1 KiB JSON";

    public const string NewUrlPost = "POST /api/echo?i=N, a new URL each call, 1 KiB JSON";

    public static readonly string DelayedPost =
        $"POST /api/echo?{NetworkDelay.Query(NetworkDelay.Milliseconds)}&i=N, a new URL each call, 1 KiB JSON, {NetworkDelay.Milliseconds} ms network latency";

    public const string FirstCall = "First call on a fresh page (/api/hello): median ms";

    /// <summary>The first call a page makes at its load event, timed from navigation start.</summary>
    public const string FirstCallFromNavigation = "First call from navigation start, made at the load event (/api/hello): median ms";

    /// <summary>The relays a user would pick instead of Bridge, as the benchmark names their columns.</summary>
    public static readonly IReadOnlyList<string> Peers = ["xdomain", "penpal"];

    public static string Median(string label) => $"{label}: median ms";

    public static string DownloadRate(int mebibytes) => $"GET {mebibytes} MiB, read to the end: median MB/s";

    public static string Concurrency(int total, int inFlight) =>
        string.Create(CultureInfo.InvariantCulture, $"{total:N0} GET /api/hello, {inFlight} in flight: requests/s");

    public static string RendererPeak(int mebibytes) => $"{mebibytes} MiB body: peak growth of renderer resident memory, MiB";
}
