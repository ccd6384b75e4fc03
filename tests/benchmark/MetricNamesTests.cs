using Bridge.Benchmark.Tests.Infrastructure;

namespace Bridge.Benchmark.Tests;

/// <summary>The row names the workloads write and the goals and the chart read.</summary>
public sealed class MetricNamesTests
{
    [Fact]
    public void ARowNameReadsTheSameInAnyCulture()
    {
        Assert.Equal("1,500 GET /api/hello, 64 in flight: requests/s", Culture.Under("de-DE", () => MetricNames.Concurrency(1500, 64)));
    }

    [Fact]
    public void TheDelayedPostsRowNamesTheDelayItsUrlAsksFor()
    {
        Assert.Contains($"?{NetworkDelay.Query(NetworkDelay.Milliseconds)}&", MetricNames.DelayedPost, StringComparison.Ordinal);
        Assert.EndsWith($", {NetworkDelay.Milliseconds} ms network latency", MetricNames.DelayedPost, StringComparison.Ordinal);
    }
}
