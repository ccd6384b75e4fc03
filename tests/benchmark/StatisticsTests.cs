namespace Bridge.Benchmark.Tests;

/// <summary>The median and nearest-rank percentile every cell of the report is made of.</summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void MedianIsTheMiddleSampleOrTheMeanOfTheTwoMiddleOnes(double[] samples, double median)
    {
        Assert.Equal(median, Statistics.Median(samples));
    }
}
