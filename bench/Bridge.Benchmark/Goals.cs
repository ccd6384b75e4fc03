using System.Globalization;

namespace Bridge.Benchmark;

/// <summary>How a goal's value must compare with its target.</summary>
internal enum Comparison
{
    AtMost,
    AtLeast,
    Below,
    Above,
}

/// <summary>A goal's value in one engine and site setup: the median over the runs and whether it meets the target, or why there is none.</summary>
internal sealed record GoalCell(string Engine, SiteSetup Site, double? Median, IReadOnlyList<double> Runs, bool? Met, string? Note);

internal sealed record GoalResult(Goal Goal, IReadOnlyList<GoalCell> Cells);

/// <summary>
/// One goal of issue #14. <see cref="Measure"/> reads one value per run from one engine's reports in one site setup
/// (null where the run has none), and the goal is judged on the median of those values: for a ratio, the median of
/// the runs' own ratios.
/// </summary>
internal sealed record Goal(string Name, Comparison Comparison, double Target, string Unit, Func<EngineReport, double?> Measure, string? Scope = null)
{
    /// <summary>The numbers of requests in flight that the goals name.</summary>
    private static readonly int[] GoalInFlight = [64, 256];

    public string TargetText => Comparison switch
    {
        Comparison.AtMost => "≤ ",
        Comparison.AtLeast => "≥ ",
        Comparison.Below => "< ",
        _ => "> ",
    } + Format(Target);

    public bool IsMet(double value) => Comparison switch
    {
        Comparison.AtMost => value <= Target,
        Comparison.AtLeast => value >= Target,
        Comparison.Below => value < Target,
        _ => value > Target,
    };

    public string Format(double value) => Unit == "x"
        ? value.ToString("0.00", CultureInfo.InvariantCulture) + "x"
        : value.ToString("N0", CultureInfo.InvariantCulture) + " " + Unit;

    /// <summary>The goals of issue #14, for the rows these options measure; <paramref name="clientGzipBytes"/> is the core client's size, null if unmeasured.</summary>
    public static IReadOnlyList<Goal> All(BenchmarkOptions options, double? clientGzipBytes)
    {
        Func<EngineReport, double?> Ratio(string metric, string reference = "cors") =>
            report => report.Workloads.Ratio(metric, "bridge", reference);
        var inFlight = GoalInFlight.Select(count => (count, Metric: MetricNames.Concurrency(options.Concurrent, count))).ToArray();
        List<Goal> goals =
        [
            new("GET /api/hello, median ms, to CORS", Comparison.AtMost, 1.05, "x", Ratio(MetricNames.Median(MetricNames.Get))),
            new("POST 1 KiB JSON, same URL, median ms, to CORS", Comparison.AtMost, 1.05, "x", Ratio(MetricNames.Median(MetricNames.Post))),
            .. inFlight.Select(row => new Goal($"{row.count} in flight, requests/s, to CORS", Comparison.AtLeast, 1.0, "x", Ratio(row.Metric))),
            new("16 MiB download, MB/s, to CORS", Comparison.AtLeast, 0.95, "x", Ratio(MetricNames.DownloadRate(16))),
            new("256 MiB read chunk by chunk, peak growth of renderer resident memory, to CORS", Comparison.AtMost, 1.5, "x",
                report => report.Memory?.Ratio(MetricNames.RendererPeak(256), "bridge", "cors"), Scope: "chromium"),
            new("First call from navigation start, to CORS", Comparison.AtMost, 1.3, "x", Ratio(MetricNames.FirstCallFromNavigation)),
            new($"POST 1 KiB JSON to a new URL, {NetworkDelay.Milliseconds} ms latency, median ms, to CORS", Comparison.AtMost, 0.6, "x",
                Ratio(MetricNames.Median(MetricNames.DelayedPost))),
        ];
        foreach (var peer in MetricNames.Peers)
        {
            goals.Add(new($"GET /api/hello, median ms, to {peer}", Comparison.Below, 1.0, "x", Ratio(MetricNames.Median(MetricNames.Get), peer)));
            goals.AddRange(inFlight.Select(row => new Goal($"{row.count} in flight, requests/s, to {peer}", Comparison.Above, 1.0, "x", Ratio(row.Metric, peer))));
        }
        goals.Add(new("Core client (dist/bridge.mjs), bytes minified + gzip -9", Comparison.AtMost, 4096, "B", _ => clientGzipBytes));
        return goals;
    }

    /// <summary>Judges every goal in every engine and site setup that ran.</summary>
    public static IReadOnlyList<GoalResult> Evaluate(IReadOnlyList<Goal> goals, IReadOnlyList<EngineReport> reports) =>
    [
        .. goals.Select(goal => new GoalResult(goal,
        [
            .. reports.GroupBy(report => (report.Site, report.Engine)).Select(group => goal.Judge(group.Key.Site, group.Key.Engine, [.. group])),
        ])),
    ];

    private GoalCell Judge(SiteSetup site, string engine, IReadOnlyList<EngineReport> runs)
    {
        if (Scope is not null && Scope != engine)
        {
            return new GoalCell(engine, site, null, [], null, $"n/a ({Scope} only)");
        }
        var values = runs.Select(Measure).OfType<double>().ToArray();
        if (values.Length == 0)
        {
            return new GoalCell(engine, site, null, [], null, "not measured in this run");
        }
        var median = Statistics.Median(values);
        return new GoalCell(engine, site, median, values, IsMet(median), values.Length < runs.Count ? $"{values.Length} of {runs.Count} runs" : null);
    }
}
