namespace Bridge.Benchmark.Tests;

/// <summary>The download and call rates of the report, in the units its rows name.</summary>
public sealed class RatesTests
{
    [Theory]
    [InlineData(16 * 1024 * 1024, 100.0, 167.77216)]
    [InlineData(1_000_000, 1000.0, 1.0)]
    [InlineData(1_000_000, 1.0, 1000.0)]
    public void MegabytesPerSecondCountsTenToTheSixBytes(double bytes, double ms, double expected)
    {
        Assert.Equal(expected, Rates.MegabytesPerSecond(bytes, ms), 9);
    }

    [Theory]
    [InlineData(2000, 1000.0, 2000.0)]
    [InlineData(2000, 4000.0, 500.0)]
    [InlineData(300, 150.0, 2000.0)]
    public void PerSecondIsCallsOverSeconds(int count, double ms, double expected)
    {
        Assert.Equal(expected, Rates.PerSecond(count, ms), 9);
    }
}
