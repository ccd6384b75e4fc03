using System.Text.Json;
using Bridge.Benchmark.Tests.Infrastructure;

namespace Bridge.Benchmark.Tests;

/// <summary>The chart's data as ratio-chart.js reads it: { title, panels: [{ title, labels, series: [{ mechanism, ratios }] }], columns }.</summary>
public sealed class RatioChartTests
{
    private static readonly Metric Download = new(MetricNames.DownloadRate(16), Better.Higher, 0);

    private static readonly BenchmarkOptions Options = new() { Engines = ["chromium", "firefox"], Sites = [SiteSetup.Cross], Runs = 3 };

    [Fact]
    public void APanelPerEngineAndSiteSetupWithEachMechanismsMedianRatioOnTheWorkloadsThatRan()
    {
        EngineReport[] runs =
        [
            Measured.Report(Measured.Table((Measured.GetMedian, "cors", 1), (Measured.GetMedian, "bridge", 4), (Download, "cors", 100), (Download, "bridge", 90)), run: 1),
            Measured.Report(Measured.Table((Measured.GetMedian, "cors", 2), (Measured.GetMedian, "bridge", 1), (Download, "cors", 100), (Download, "bridge", 90)), run: 2),
            Measured.Report(Measured.Table((Measured.GetMedian, "cors", 3), (Measured.GetMedian, "bridge", 3), (Download, "cors", 100), (Download, "bridge", 90)), run: 3),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 2, bridge: 3), "firefox"),
        ];

        using var json = JsonDocument.Parse(RatioChart.DataJson(Measured.Results(Options, runs)));

        var root = json.RootElement;
        Assert.StartsWith("Ratio to CORS, median of 3 runs (2026-12-02).", root.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, root.GetProperty("columns").GetInt32());
        var panels = root.GetProperty("panels").EnumerateArray().ToArray();
        Assert.Equal(["chromium 156.0, cross-site", "firefox 153.0, cross-site"], panels.Select(panel => panel.GetProperty("title").GetString()));

        var chromium = panels[0];
        Assert.Equal([["GET", "median ms ↓"], ["GET 16 MiB", "MB/s ↑"]], chromium.GetProperty("labels").Deserialize<string[][]>()!);
        var series = chromium.GetProperty("series").EnumerateArray().ToDictionary(item => item.GetProperty("mechanism").GetString()!, item => item.GetProperty("ratios"));
        Assert.Equal(["bridge", .. MetricNames.Peers], series.Keys);
        Assert.Equal([1.0, 0.9], series["bridge"].Deserialize<double?[]>()!);
        Assert.Equal([null, null], series["xdomain"].Deserialize<double?[]>()!);

        Assert.Equal([["GET", "median ms ↓"]], panels[1].GetProperty("labels").Deserialize<string[][]>()!);
    }
}
