namespace Bridge.Benchmark.Tests;

/// <summary>How a workload's calls are split into rounds, each of which runs every mechanism in turn.</summary>
public sealed class SharesTests
{
    [Theory]
    [InlineData(300, 5, new[] { 60, 60, 60, 60, 60 })]
    [InlineData(2000, 2, new[] { 1000, 1000 })]
    [InlineData(12, 5, new[] { 3, 3, 2, 2, 2 })]
    [InlineData(3, 5, new[] { 1, 1, 1 })]
    [InlineData(7, 1, new[] { 7 })]
    [InlineData(7, 0, new[] { 7 })]
    [InlineData(0, 5, new[] { 0 })]
    public void SharesDifferByAtMostOneLargerFirstAndAddUpToTheCount(int count, int parts, int[] expected)
    {
        var shares = Shares.Split(count, parts).ToArray();

        Assert.Equal(expected, shares);
        Assert.Equal(count, shares.Sum());
    }
}
