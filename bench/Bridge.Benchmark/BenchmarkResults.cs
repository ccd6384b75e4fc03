namespace Bridge.Benchmark;

/// <summary>The origins one site setup ran on.</summary>
internal sealed record SiteOrigins(SiteSetup Setup, string ServiceOrigin, string PageOrigin);

/// <summary>One engine in one site setup over all the runs: the median tables, and the runs they were made from.</summary>
internal sealed record EngineSummary(SiteSetup Site, string Engine, string Version, PageEnvironment Environment, MedianTable Workloads, MedianTable? Memory, IReadOnlyList<EngineReport> Runs);

/// <summary>Everything one invocation measured, for the markdown, the JSON and the chart alike.</summary>
internal sealed record BenchmarkResults(
    BenchmarkOptions Options,
    DateTimeOffset Started,
    TimeSpan Elapsed,
    MachineInfo Machine,
    (double? Start, double? End) Load,
    string? Commit,
    IReadOnlyDictionary<string, string> BenchPackages,
    IReadOnlyList<SiteOrigins> Sites,
    IReadOnlyList<EngineReport> Reports,
    IReadOnlyList<ScriptSize> Sizes,
    IReadOnlyList<GoalResult> Goals)
{
    /// <summary>Site setups in the order they ran (cross-site first by default), engines in the order given.</summary>
    public IReadOnlyList<EngineSummary> Summaries { get; } =
    [
        .. Reports.GroupBy(report => (report.Site, report.Engine)).Select(group =>
        {
            var runs = group.OrderBy(report => report.Run).ToArray();
            var memory = runs.Select(run => run.Memory).OfType<ResultTable>().ToArray();
            return new EngineSummary(group.Key.Site, group.Key.Engine, runs[^1].Version, runs[^1].Environment,
                MedianTable.Of([.. runs.Select(run => run.Workloads)]), memory.Length > 0 ? MedianTable.Of(memory) : null, runs);
        })
        .OrderBy(summary => Options.Sites.ToList().IndexOf(summary.Site))
        .ThenBy(summary => Options.Engines.ToList().IndexOf(summary.Engine)),
    ];
}
