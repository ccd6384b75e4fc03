using Bridge.Benchmark.Tests.Infrastructure;

namespace Bridge.Benchmark.Tests;

/// <summary>The markdown report: the goals table (what the README's goals table is copied from) and its count of goals met.</summary>
public sealed class ReportTests
{
    private static readonly BenchmarkOptions Options = new() { Engines = ["chromium", "firefox"], Sites = [SiteSetup.Cross], Runs = 3, Concurrent = 300 };

    private static readonly EngineReport[] Runs =
    [
        Measured.Report(Measured.Table(Measured.GetMedian, cors: 4, bridge: 5), "chromium"),
        Measured.Report(Measured.Table(Measured.GetMedian, cors: 4, bridge: 4), "firefox"),
    ];

    [Fact]
    public void EachGoalCellShowsItsValueAndVerdictOrWhyItHasNone()
    {
        var goal = new Goal("GET /api/hello, median ms, to CORS", Comparison.AtMost, 1.05, "x", _ => null);
        GoalResult[] goals =
        [
            new(goal, [Cell("chromium", 1.2749, met: false), Cell("firefox", 1.0, met: true, note: "2 of 3 runs")]),
            new(goal with { Name = "Memory" }, [Cell("chromium", 0.5, met: true), Cell("firefox", null, met: null, note: "n/a (chromium only)")]),
            new(goal with { Name = "Not run" }, [Cell("chromium", null, met: null), Cell("firefox", null, met: null)]),
        ];

        var lines = GoalsSection(Report.Render(Measured.Results(Options, Runs, goals), "latest.json", "latest.png"));

        Assert.Equal(
        [
            "| Goal | Target | chromium, cross-site | firefox, cross-site |",
            "|---|---|---|---|",
            "| GET /api/hello, median ms, to CORS | ≤ 1.05x | 1.27x, **not met** | 1.00x, met (2 of 3 runs) |",
            "| Memory | ≤ 1.05x | 0.50x, met | n/a (chromium only) |",
            "| Not run | ≤ 1.05x | n/a | n/a |",
            "",
            "2 of 3 measured goal cells met.",
        ],
        lines);
    }

    [Fact]
    public void CountsTheCellsMetAmongThoseMeasuredInEveryEngineAndSiteSetup()
    {
        // GET: 1.25x in Chromium (not met), 1.00x in Firefox (met); the size (4,000 B) met in both; every other goal
        // not measured, the memory goal not applicable in Firefox.
        var goals = Goal.Evaluate(Goal.All(Options, 4_000), Runs);

        var lines = GoalsSection(Report.Render(Measured.Results(Options, Runs, goals), "latest.json", chartFile: null));

        Assert.Contains("| GET /api/hello, median ms, to CORS | ≤ 1.05x | 1.25x, **not met** | 1.00x, met |", lines);
        Assert.Contains("| 256 MiB read chunk by chunk, peak growth of renderer resident memory, to CORS | ≤ 1.50x | not measured in this run | n/a (chromium only) |", lines);
        Assert.Contains("| Core client (dist/bridge.mjs), bytes minified + gzip -9 | ≤ 4,096 B | 4,000 B, met | 4,000 B, met |", lines);
        Assert.Equal("3 of 4 measured goal cells met.", lines[^1]);
    }

    [Fact]
    public void TheChartIsLinkedOnlyWhenItWasDrawn()
    {
        var results = Measured.Results(Options, Runs);

        Assert.Contains("](latest.png)", Report.Render(results, "latest.json", "latest.png"), StringComparison.Ordinal);
        Assert.DoesNotContain("![", Report.Render(results, "latest.json", chartFile: null), StringComparison.Ordinal);
    }

    private static GoalCell Cell(string engine, double? median, bool? met, string? note = null) =>
        new(engine, SiteSetup.Cross, median, median is { } value ? [value] : [], met, note);

    /// <summary>The goals table and the count under it: from the table's header to the count's line.</summary>
    private static string[] GoalsSection(string report)
    {
        var lines = report.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, line => line.StartsWith("| Goal |", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, line => line.EndsWith("measured goal cells met.", StringComparison.Ordinal));
        return lines[start..(end + 1)];
    }
}
