using Bridge.Benchmark.Tests.Infrastructure;

namespace Bridge.Benchmark.Tests;

/// <summary>The goals of issue #14: which row each reads, how it judges the median of the runs, and what a cell without a value says.</summary>
public sealed class GoalTests
{
    private static readonly BenchmarkOptions Options = new() { Concurrent = 300 };

    [Theory]
    [InlineData(nameof(Comparison.AtMost), 1.05, 1.04, true)]
    [InlineData(nameof(Comparison.AtMost), 1.05, 1.05, true)]
    [InlineData(nameof(Comparison.AtMost), 1.05, 1.0500001, false)]
    [InlineData(nameof(Comparison.AtLeast), 0.95, 0.9499999, false)]
    [InlineData(nameof(Comparison.AtLeast), 0.95, 0.95, true)]
    [InlineData(nameof(Comparison.AtLeast), 0.95, 0.96, true)]
    [InlineData(nameof(Comparison.Below), 1.0, 0.9999999, true)]
    [InlineData(nameof(Comparison.Below), 1.0, 1.0, false)]
    [InlineData(nameof(Comparison.Below), 1.0, 1.01, false)]
    [InlineData(nameof(Comparison.Above), 1.0, 0.99, false)]
    [InlineData(nameof(Comparison.Above), 1.0, 1.0, false)]
    [InlineData(nameof(Comparison.Above), 1.0, 1.0000001, true)]
    public void JudgesEachSideOfTheTargetAndTheTargetItself(string comparison, double target, double value, bool met)
    {
        Assert.Equal(met, new Goal("a ratio", Enum.Parse<Comparison>(comparison), target, "x", _ => null).IsMet(value));
    }

    [Theory]
    [InlineData(nameof(Comparison.AtMost), 1.05, "x", "≤ 1.05x")]
    [InlineData(nameof(Comparison.AtLeast), 0.95, "x", "≥ 0.95x")]
    [InlineData(nameof(Comparison.Below), 1.0, "x", "< 1.00x")]
    [InlineData(nameof(Comparison.Above), 1.0, "x", "> 1.00x")]
    [InlineData(nameof(Comparison.AtMost), 4096, "B", "≤ 4,096 B")]
    public void TheTargetReadsAsTheComparisonAndTheValueInItsUnit(string comparison, double target, string unit, string text)
    {
        var goal = new Goal("a goal", Enum.Parse<Comparison>(comparison), target, unit, _ => null);

        Assert.Equal(text, Culture.Under("de-DE", () => goal.TargetText));
    }

    [Theory]
    [InlineData("x", 1.2749, "1.27x")]
    [InlineData("x", 0.5, "0.50x")]
    [InlineData("B", 7627, "7,627 B")]
    public void FormatsARatioWithTwoDecimalsAndBytesWhole(string unit, double value, string text)
    {
        var goal = new Goal("a goal", Comparison.AtMost, 1, unit, _ => null);

        Assert.Equal(text, Culture.Under("de-DE", () => goal.Format(value)));
    }

    [Fact]
    public void TheGoalsOfIssue14()
    {
        Assert.Equal(
        [
            "GET /api/hello, median ms, to CORS ≤ 1.05x",
            "POST 1 KiB JSON, same URL, median ms, to CORS ≤ 1.05x",
            "64 in flight, requests/s, to CORS ≥ 1.00x",
            "256 in flight, requests/s, to CORS ≥ 1.00x",
            "16 MiB download, MB/s, to CORS ≥ 0.95x",
            "256 MiB read chunk by chunk, peak growth of renderer resident memory, to CORS ≤ 1.50x",
            "First call from navigation start, to CORS ≤ 1.30x",
            "POST 1 KiB JSON to a new URL, 20 ms latency, median ms, to CORS ≤ 0.60x",
            "GET /api/hello, median ms, to xdomain < 1.00x",
            "64 in flight, requests/s, to xdomain > 1.00x",
            "256 in flight, requests/s, to xdomain > 1.00x",
            "GET /api/hello, median ms, to penpal < 1.00x",
            "64 in flight, requests/s, to penpal > 1.00x",
            "256 in flight, requests/s, to penpal > 1.00x",
            "Core client (dist/bridge.mjs), bytes minified + gzip -9 ≤ 4,096 B",
        ],
        Goal.All(Options, 7_627).Select(goal => $"{goal.Name} {goal.TargetText}"));
    }

    [Theory]
    [InlineData("GET /api/hello, median ms, to CORS", "GET /api/hello: median ms", "cors")]
    [InlineData("POST 1 KiB JSON, same URL, median ms, to CORS", "POST /api/echo, 1 KiB JSON: median ms", "cors")]
    [InlineData("64 in flight, requests/s, to CORS", "300 GET /api/hello, 64 in flight: requests/s", "cors")]
    [InlineData("256 in flight, requests/s, to CORS", "300 GET /api/hello, 256 in flight: requests/s", "cors")]
    [InlineData("16 MiB download, MB/s, to CORS", "GET 16 MiB, read to the end: median MB/s", "cors")]
    [InlineData("First call from navigation start, to CORS", "First call from navigation start, made at the load event (/api/hello): median ms", "cors")]
    [InlineData("POST 1 KiB JSON to a new URL, 20 ms latency, median ms, to CORS",
        "POST /api/echo?net=20&i=N, a new URL each call, 1 KiB JSON, 20 ms network latency: median ms", "cors")]
    [InlineData("GET /api/hello, median ms, to xdomain", "GET /api/hello: median ms", "xdomain")]
    [InlineData("64 in flight, requests/s, to penpal", "300 GET /api/hello, 64 in flight: requests/s", "penpal")]
    [InlineData("256 in flight, requests/s, to xdomain", "300 GET /api/hello, 256 in flight: requests/s", "xdomain")]
    public void EachRatioGoalReadsBridgeAgainstItsReferenceOnItsRow(string goalName, string row, string reference)
    {
        var metric = new Metric(row, Better.Lower);
        // The reference at 4 and bridge at 3 on the goal's row; every other cell of the run at 1.
        var run = Measured.Table([.. Measured.Columns.Select(column => (metric, column, column == reference ? 4.0 : column == "bridge" ? 3.0 : 1.0))]);

        var cell = Judge(goalName, [Measured.Report(run)]);

        Assert.Equal(0.75, cell.Median);
        Assert.Equal([0.75], cell.Runs);
    }

    [Fact]
    public void JudgesTheMedianOfTheRunsRatiosNotTheRatioOfTheirMedians()
    {
        // Ratios 1.5, 1.0 and 1.1: their median, 1.1, misses ≤ 1.05 (their mean would be 1.2); the medians, 4 ms and 4 ms,
        // would give 1.0 and meet it.
        EngineReport[] runs =
        [
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 10, bridge: 15), run: 1),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 4, bridge: 4), run: 2),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 2, bridge: 2.2), run: 3),
        ];

        var cell = Judge("GET /api/hello, median ms, to CORS", runs);

        Assert.Equal(1.1, cell.Median!.Value, 12);
        Assert.False(cell.Met);
        Assert.Null(cell.Note);
    }

    [Theory]
    [InlineData(105.0, true)]
    [InlineData(106.0, false)]
    public void ARatioExactlyAtAnAtMostTargetMeetsIt(double bridge, bool met)
    {
        var cell = Judge("GET /api/hello, median ms, to CORS", [Measured.Report(Measured.Table(Measured.GetMedian, cors: 100, bridge: bridge))]);

        Assert.Equal(met, cell.Met);
    }

    [Fact]
    public void ACellMeasuredInSomeRunsOnlySaysInHowMany()
    {
        EngineReport[] runs =
        [
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 4, bridge: 4), run: 1),
            Measured.Report(Measured.Table((Measured.GetMedian, "bridge", 4)), run: 2),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 4, bridge: 5), run: 3),
        ];

        var cell = Judge("GET /api/hello, median ms, to CORS", runs);

        Assert.Equal(1.125, cell.Median);
        Assert.Equal("2 of 3 runs", cell.Note);
    }

    [Fact]
    public void AGoalWhoseRowDidNotRunIsNotMeasuredNotFailed()
    {
        var options = Options with { InFlight = [64] };
        var run = Measured.Report(Measured.Table(new Metric(MetricNames.Concurrency(300, 64), Better.Higher, 0), cors: 100, bridge: 100));

        var results = Goal.Evaluate(Goal.All(options, clientGzipBytes: null), [run]);

        var cells = results.ToDictionary(result => result.Goal.Name, result => Assert.Single(result.Cells));
        Assert.True(cells["64 in flight, requests/s, to CORS"].Met);
        Assert.All([cells["256 in flight, requests/s, to CORS"], cells["Core client (dist/bridge.mjs), bytes minified + gzip -9"]], cell =>
        {
            Assert.Null(cell.Met);
            Assert.Null(cell.Median);
            Assert.Equal("not measured in this run", cell.Note);
        });
    }

    [Fact]
    public void TheMemoryGoalReadsChromiumsMemoryTableAndIsNotApplicableInFirefox()
    {
        var resident = new Metric(MetricNames.RendererPeak(256), Better.Lower, 1);
        EngineReport[] runs =
        [
            Measured.Report(Measured.Table(), "chromium", memory: Measured.Table(resident, cors: 100, bridge: 150)),
            Measured.Report(Measured.Table(), "firefox", memory: Measured.Table(resident, cors: 100, bridge: 100)),
            Measured.Report(Measured.Table(), "chromium", SiteSetup.Same),
        ];

        var cells = GoalNamed("256 MiB read chunk by chunk, peak growth of renderer resident memory, to CORS", runs).Cells;

        Assert.Equal(3, cells.Count);
        Assert.Equal((1.5, true), (cells[0].Median, cells[0].Met));
        Assert.Equal(("firefox", null, null, "n/a (chromium only)"), (cells[1].Engine, cells[1].Median, cells[1].Met, cells[1].Note));
        Assert.Equal((SiteSetup.Same, null, "not measured in this run"), (cells[2].Site, cells[2].Met, cells[2].Note));
    }

    [Theory]
    [InlineData(4096.0, true)]
    [InlineData(4097.0, false)]
    public void TheSizeGoalJudgesTheCoreClientsSizeInEveryColumn(double gzipBytes, bool met)
    {
        EngineReport[] runs = [Measured.Report(Measured.Table(), "chromium"), Measured.Report(Measured.Table(), "firefox")];

        var result = Goal.Evaluate(Goal.All(Options, gzipBytes), runs).Single(result => result.Goal.Unit == "B");

        Assert.All(result.Cells, cell => Assert.Equal((gzipBytes, met), (cell.Median, cell.Met)));
    }

    [Fact]
    public void OneCellPerEngineAndSiteSetupEachFromItsOwnRuns()
    {
        EngineReport[] runs =
        [
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 1), "chromium", SiteSetup.Cross, run: 1),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 2), "firefox", SiteSetup.Cross, run: 1),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 3), "chromium", SiteSetup.Same, run: 1),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 5), "chromium", SiteSetup.Cross, run: 2),
        ];

        var cells = GoalNamed("GET /api/hello, median ms, to CORS", runs).Cells;

        Assert.Equal(
            [("chromium", "cross", 3.0), ("firefox", "cross", 2.0), ("chromium", "same", 3.0)],
            cells.Select(cell => (cell.Engine, cell.Site.Name, cell.Median!.Value)));
    }

    private static GoalResult GoalNamed(string name, IReadOnlyList<EngineReport> runs) =>
        Goal.Evaluate([Goal.All(Options, 7_627).Single(goal => goal.Name == name)], runs).Single();

    private static GoalCell Judge(string goalName, IReadOnlyList<EngineReport> runs) => Assert.Single(GoalNamed(goalName, runs).Cells);
}
