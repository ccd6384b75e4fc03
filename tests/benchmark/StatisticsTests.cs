namespace Bridge.Benchmark.Tests;

/// <summary>The median and nearest-rank percentile every cell of the report is made of.</summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 5.0, 100.0 }, 52.5)]
    [InlineData(new[] { 7.0 }, 7.0)]
    [InlineData(new[] { 2.0, 9.0, 2.0, 2.0, 9.0 }, 2.0)]
    public void MedianIsTheMiddleSampleOrTheMeanOfTheTwoMiddleOnes(double[] samples, double median)
    {
        Assert.Equal(median, Statistics.Median(samples));
    }

    [Theory]
    [InlineData(0.95, 19.0)]
    [InlineData(0.5, 10.0)]
    [InlineData(0.51, 11.0)]
    [InlineData(1.0, 20.0)]
    [InlineData(0.0, 1.0)]
    public void PercentileIsTheSmallestSampleAtOrAboveThatShareOfAll(double p, double expected)
    {
        double[] oneToTwenty = [.. Enumerable.Range(1, 20).Select(i => (double)(i * 7 % 20 + 1))];

        Assert.Equal(expected, Statistics.Percentile(oneToTwenty, p));
    }

    [Fact]
    public void PercentileTakesASampleWhereTheMedianWouldAverageTwo()
    {
        double[] samples = [4.0, 1.0, 3.0, 2.0];

        Assert.Equal(2.0, Statistics.Percentile(samples, 0.5));
        Assert.Equal(4.0, Statistics.Percentile(samples, 0.95));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.95)]
    [InlineData(1.0)]
    public void PercentileOfOneSampleIsThatSample(double p)
    {
        Assert.Equal(7.0, Statistics.Percentile([7.0], p));
    }

    [Fact]
    public void NoSamplesHaveNeitherMedianNorPercentile()
    {
        Assert.Throws<ArgumentException>(() => Statistics.Median([]));
        Assert.Throws<ArgumentException>(() => Statistics.Percentile([], 0.95));
    }
}
