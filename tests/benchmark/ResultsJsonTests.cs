using System.Text.Json;
using Bridge.Benchmark.Tests.Infrastructure;

namespace Bridge.Benchmark.Tests;

/// <summary>
/// latest.json, beside the report: every run's every number, the machine, the versions and the options (as the README
/// says), the medians the report shows, and the goals, read back here as any later chart or comparison would read it.
/// </summary>
public sealed class ResultsJsonTests
{
    private static readonly Metric First = new("First chunk of /api/slow?ms=200: median ms", Better.Lower);

    private static readonly BenchmarkOptions Options = new() { Engines = ["chromium"], Sites = [SiteSetup.Cross], Runs = 3, Concurrent = 300 };

    private static readonly EngineReport[] Runs =
    [
        Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 4), run: 1),
        Measured.Report(Measured.Table(Measured.GetMedian, cors: 2, bridge: 1), run: 2),
        Measured.Report(WithText(Measured.Table(Measured.GetMedian, cors: 3, bridge: 3), First, "xdomain", "n/a (no streaming)"), run: 3),
    ];

    [Fact]
    public void HoldsEveryRunsEveryNumber()
    {
        using var json = Render(Runs);

        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3], runs.Select(run => run.GetProperty("run").GetInt32()));
        Assert.All(runs, run => Assert.Equal(("cross", "chromium"), (run.GetProperty("site").GetString(), run.GetProperty("engine").GetString())));
        foreach (var (run, report) in runs.Zip(Runs))
        {
            var row = Row(run.GetProperty("workloads"), Measured.GetMedian.Name);
            Assert.Equal("lower", row.GetProperty("better").GetString());
            Assert.Equal(
                report.Workloads.Rows.Single(row => row.Metric == Measured.GetMedian).Values,
                row.GetProperty("values").Deserialize<Dictionary<string, double>>()!);
        }
        Assert.Equal("n/a (no streaming)", Row(runs[2].GetProperty("workloads"), First.Name).GetProperty("texts").GetProperty("xdomain").GetString());
        Assert.False(Row(runs[0].GetProperty("workloads"), Measured.GetMedian.Name).TryGetProperty("texts", out _));
    }

    [Fact]
    public void TheSummarysRatioIsTheMedianOfTheRunsRatiosItHolds()
    {
        using var json = Render(Runs);

        var ratios = json.RootElement.GetProperty("runs").EnumerateArray()
            .Select(run => Row(run.GetProperty("workloads"), Measured.GetMedian.Name).GetProperty("values"))
            .Select(values => values.GetProperty("bridge").GetDouble() / values.GetProperty("cors").GetDouble());
        var summary = Assert.Single(json.RootElement.GetProperty("summaries").EnumerateArray());
        var bridge = Row(summary.GetProperty("workloads"), Measured.GetMedian.Name).GetProperty("cells").GetProperty("bridge");
        Assert.Equal(Statistics.Median(ratios), bridge.GetProperty("medianRatio").GetDouble());
        Assert.Equal(1.0, bridge.GetProperty("medianRatio").GetDouble());
        Assert.Equal(3.0, bridge.GetProperty("median").GetDouble());
        Assert.False(Row(summary.GetProperty("workloads"), Measured.GetMedian.Name).GetProperty("cells").GetProperty("cors").TryGetProperty("medianRatio", out _));
    }

    [Fact]
    public void SaysWhatTheRunsWereMadeOnAndWith()
    {
        using var json = Render(Runs);

        var root = json.RootElement;
        Assert.Equal("c1e3124", root.GetProperty("commit").GetString());
        Assert.Equal(2, root.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.Equal("chromium", Assert.Single(root.GetProperty("versions").GetProperty("browsers").EnumerateArray()).GetProperty("engine").GetString());
        Assert.Equal("4.6.1", root.GetProperty("versions").GetProperty("benchPackages").GetProperty("chart.js").GetString());
        var options = root.GetProperty("options");
        Assert.Equal(3, options.GetProperty("runs").GetInt32());
        Assert.Equal(300, options.GetProperty("concurrent").GetInt32());
        Assert.Equal([64, 256], options.GetProperty("inFlight").Deserialize<int[]>()!);
        Assert.Equal(["cross"], options.GetProperty("sites").Deserialize<string[]>()!);
        Assert.Equal(NetworkDelay.Milliseconds, options.GetProperty("networkDelayMs").GetInt32());
    }

    [Fact]
    public void HoldsEachGoalsCellsWithTheirRunsAndVerdict()
    {
        using var json = Render(Runs);

        var goals = json.RootElement.GetProperty("goals").EnumerateArray().ToDictionary(goal => goal.GetProperty("name").GetString()!);
        var get = goals["GET /api/hello, median ms, to CORS"];
        Assert.Equal(("≤ 1.05x", "x"), (get.GetProperty("target").GetString(), get.GetProperty("unit").GetString()));
        var cell = Assert.Single(get.GetProperty("cells").EnumerateArray());
        Assert.Equal([4.0, 0.5, 1.0], cell.GetProperty("runs").Deserialize<double[]>()!);
        Assert.Equal(1.0, cell.GetProperty("median").GetDouble());
        Assert.True(cell.GetProperty("met").GetBoolean());
        var notRun = Assert.Single(goals["16 MiB download, MB/s, to CORS"].GetProperty("cells").EnumerateArray());
        Assert.False(notRun.TryGetProperty("median", out _));
        Assert.False(notRun.TryGetProperty("met", out _));
        Assert.Equal("not measured in this run", notRun.GetProperty("note").GetString());
    }

    [Fact]
    public void AnInfiniteRateStillMakesValidJson()
    {
        // A concurrency workload that took 0 ms would give requests/s of Infinity; the raw numbers must still be written.
        var rate = new Metric(MetricNames.Concurrency(300, 64), Better.Higher, 0);

        using var json = Render([Measured.Report(Measured.Table(rate, cors: 100, bridge: double.PositiveInfinity))]);

        var values = Row(Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray()).GetProperty("workloads"), rate.Name).GetProperty("values");
        Assert.Equal("Infinity", values.GetProperty("bridge").GetString());
    }

    private static JsonDocument Render(EngineReport[] runs) => JsonDocument.Parse(ResultsJson.Render(Measured.Results(Options, runs)));

    private static JsonElement Row(JsonElement rows, string name) => rows.EnumerateArray().Single(row => row.GetProperty("name").GetString() == name);

    private static ResultTable WithText(ResultTable table, Metric metric, string column, string text)
    {
        table.SetText(metric, column, text);
        return table;
    }
}
