namespace Bridge.Benchmark.Tests.Infrastructure;

/// <summary>Runs made by hand, as the benchmark would have measured them: tables of chosen values and reports around them.</summary>
internal static class Measured
{
    public static readonly string[] Columns = ["cors", "bridge", .. MetricNames.Peers];

    public static readonly Metric GetMedian = new(MetricNames.Median(MetricNames.Get), Better.Lower);

    /// <summary>One run's table, baseline cors, with <paramref name="cells"/> set.</summary>
    public static ResultTable Table(params (Metric Metric, string Column, double Value)[] cells)
    {
        var table = new ResultTable(Columns, baseline: "cors");
        foreach (var (metric, column, value) in cells)
        {
            table.Set(metric, column, value);
        }
        return table;
    }

    /// <summary>One run's table with one row: cors's value and bridge's.</summary>
    public static ResultTable Table(Metric metric, double cors, double bridge) => Table((metric, "cors", cors), (metric, "bridge", bridge));

    public static EngineReport Report(ResultTable workloads, string engine = "chromium", SiteSetup? site = null, int run = 1, ResultTable? memory = null) =>
        new(run, site ?? SiteSetup.Cross, engine, engine == "chromium" ? "156.0" : "153.0", new PageEnvironment("a user agent", engine == "chromium"),
            workloads, memory, [], TimeSpan.FromSeconds(90));

    public static BenchmarkResults Results(BenchmarkOptions options, IReadOnlyList<EngineReport> reports, IReadOnlyList<GoalResult>? goals = null) =>
        new(options, new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(3),
            new MachineInfo("Debian GNU/Linux 12", "a CPU", 2, 23.6, "10.0.12", "1.64.1"), (1.5, 3.2), "c1e3124",
            new Dictionary<string, string> { ["chart.js"] = "4.6.1" },
            [.. options.Sites.Select(site => new SiteOrigins(site, "http://localhost:5000", site.CrossSite ? "http://127.0.0.1:5001" : "http://localhost:5001"))],
            reports, [new ScriptSize("Core client", ClientSizes.CoreClientPath, 20_000, 7_627, null)],
            goals ?? Goal.Evaluate(Goal.All(options, 7_627), reports));
}
