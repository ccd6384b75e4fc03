using Bridge.Benchmark.Tests.Infrastructure;

namespace Bridge.Benchmark.Tests;

/// <summary>The runs of one engine and site setup put together: each cell's median, and the median of the runs' own ratios.</summary>
public sealed class MedianTableTests
{
    private static readonly Metric Get = Measured.GetMedian;

    [Fact]
    public void TheRatioIsTheMedianOfEachRunsRatioNotTheRatioOfTheMedians()
    {
        // Ratios 4, 0.5 and 1: their median is 1; the medians, 3 ms against 2 ms, would say 1.5.
        var table = MedianTable.Of([Measured.Table(Get, cors: 1, bridge: 4), Measured.Table(Get, cors: 2, bridge: 1), Measured.Table(Get, cors: 3, bridge: 3)]);

        var bridge = table.Cell(Get.Name, "bridge")!;
        Assert.Equal(2.0, table.Cell(Get.Name, "cors")!.Value);
        Assert.Equal(3.0, bridge.Value);
        Assert.Equal([4.0, 0.5, 1.0], bridge.Ratios);
        Assert.Equal(1.0, bridge.Ratio);
    }

    [Fact]
    public void OverTwoRunsTheRatioIsTheMeanOfTheirRatios()
    {
        // Ratios 2 and 0.5: 1.25; the medians, 2 ms against 2.5 ms, would say 0.8.
        var table = MedianTable.Of([Measured.Table(Get, cors: 1, bridge: 2), Measured.Table(Get, cors: 4, bridge: 2)]);

        Assert.Equal(1.25, table.Cell(Get.Name, "bridge")!.Ratio);
        Assert.Equal(2.0, table.Cell(Get.Name, "bridge")!.Value);
    }

    [Fact]
    public void ARunWithoutTheBaselinesValueGivesAValueButNoRatio()
    {
        var table = MedianTable.Of([Measured.Table(Get, cors: 2, bridge: 4), Measured.Table((Get, "bridge", 10))]);

        var bridge = table.Cell(Get.Name, "bridge")!;
        Assert.Equal(7.0, bridge.Value);
        Assert.Equal([2.0], bridge.Ratios);
        Assert.Equal(2.0, bridge.Ratio);
    }

    [Fact]
    public void NoRatioForTheBaselineItselfADescriptiveRowOrABaselineOfZero()
    {
        var chunk = new Metric("GET 16 MiB: mean chunk the page reads, KiB", Better.None, 1);
        var rate = new Metric(MetricNames.DownloadRate(16), Better.Higher, 0);
        var table = MedianTable.Of([Measured.Table((chunk, "cors", 64), (chunk, "bridge", 128), (rate, "cors", 0), (rate, "bridge", 500))]);

        Assert.Null(table.Cell(Get.Name, "bridge"));
        Assert.Null(table.Cell(chunk.Name, "cors")!.Ratio);
        Assert.Null(table.Cell(chunk.Name, "bridge")!.Ratio);
        Assert.Equal(128.0, table.Cell(chunk.Name, "bridge")!.Value);
        Assert.Null(table.Cell(rate.Name, "bridge")!.Ratio);
    }

    [Fact]
    public void ACellWithoutAValueHasNoMedianAndKeepsItsText()
    {
        var first = new Metric("First chunk of /api/slow?ms=200: median ms", Better.Lower);
        var run = Measured.Table((first, "cors", 205));
        run.SetText(first, "xdomain", "n/a (no streaming)");

        var table = MedianTable.Of([run]);

        Assert.Null(table.Cell(first.Name, "xdomain")!.Value);
        Assert.Null(table.Cell(first.Name, "xdomain")!.Ratio);
        Assert.Equal("n/a (no streaming)", table.Cell(first.Name, "xdomain")!.Note);
        Assert.Null(table.Cell(first.Name, "penpal")!.Note);
    }

    [Fact]
    public void NoRunsNoTable()
    {
        Assert.Throws<ArgumentException>(() => MedianTable.Of([]));
    }

    [Fact]
    public void RendersEachRowWithItsDirectionItsDecimalsAndTheRatioBesideTheValue()
    {
        var rate = new Metric(MetricNames.Concurrency(1500, 64), Better.Higher, 0);
        var chunk = new Metric("GET 16 MiB: mean chunk the page reads, KiB", Better.None, 1);
        var run = Measured.Table((Get, "cors", 3.4), (Get, "bridge", 4.318), (rate, "cors", 2000), (rate, "bridge", 1234.4), (chunk, "cors", 64.24));
        run.SetText(chunk, "xdomain", "n/a (no streaming)");

        var rendered = Culture.Under("de-DE", () => MedianTable.Of([run]).Render());

        Assert.Equal(
            """
            | Metric | cors | bridge | xdomain | penpal |
            |---|---:|---:|---:|---:|
            | GET /api/hello: median ms (lower is better) | 3.40 | 4.32 (1.27x) | n/a | n/a |
            | 1,500 GET /api/hello, 64 in flight: requests/s (higher is better) | 2,000 | 1,234 (0.62x) | n/a | n/a |
            | GET 16 MiB: mean chunk the page reads, KiB | 64.2 | n/a | n/a (no streaming) | n/a |

            """.ReplaceLineEndings(Environment.NewLine),
            rendered);
    }

    [Fact]
    public void ColumnsAndRowsAreEveryRunsInTheOrderFirstSeen()
    {
        var post = new Metric(MetricNames.Median(MetricNames.Post), Better.Lower);
        var first = new ResultTable(["cors", "bridge"], baseline: "cors");
        first.Set(Get, "cors", 1);
        var second = new ResultTable(["cors", "bridge", "proxy"], baseline: "cors");
        second.Set(post, "proxy", 2);
        second.Set(Get, "bridge", 3);

        var table = MedianTable.Of([first, second]);

        Assert.Equal(["cors", "bridge", "proxy"], table.Columns);
        Assert.Equal([Get.Name, post.Name], table.Rows.Select(row => row.Metric.Name));
        Assert.Equal("cors", table.Baseline);
    }
}
