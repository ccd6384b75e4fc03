using Bridge.Benchmark.Tests.Infrastructure;

namespace Bridge.Benchmark.Tests;

/// <summary>The runs grouped into one summary per engine and site setup, in the order the options give them.</summary>
public sealed class BenchmarkResultsTests
{
    [Fact]
    public void OneSummaryPerEngineAndSiteSetupInTheOptionsOrderEachOverItsOwnRuns()
    {
        var options = new BenchmarkOptions { Engines = ["firefox", "chromium"], Sites = [SiteSetup.Same, SiteSetup.Cross], Runs = 2 };
        var resident = new Metric(MetricNames.RendererPeak(256), Better.Lower, 1);
        EngineReport[] runs =
        [
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 1), "chromium", SiteSetup.Cross, run: 2),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 2), "firefox", SiteSetup.Cross, run: 1),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 3), "chromium", SiteSetup.Same, run: 1),
            Measured.Report(Measured.Table(Measured.GetMedian, cors: 1, bridge: 5), "chromium", SiteSetup.Cross, run: 1,
                memory: Measured.Table(resident, cors: 100, bridge: 120)),
        ];

        var summaries = Measured.Results(options, runs).Summaries;

        Assert.Equal(
            [("same", "chromium"), ("cross", "firefox"), ("cross", "chromium")],
            summaries.Select(summary => (summary.Site.Name, summary.Engine)));
        var chromiumCross = summaries[2];
        Assert.Equal([1, 2], chromiumCross.Runs.Select(run => run.Run));
        Assert.Equal(3.0, chromiumCross.Workloads.Cell(Measured.GetMedian.Name, "bridge")!.Value);
        // The memory table of the runs that have one.
        Assert.Equal(1.2, chromiumCross.Memory!.Cell(resident.Name, "bridge")!.Ratio);
        Assert.Null(summaries[1].Memory);
    }
}
