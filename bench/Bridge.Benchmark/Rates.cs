namespace Bridge.Benchmark;

/// <summary>The rates the report gives for timed runs: megabytes (10^6 bytes) per second, and calls per second.</summary>
internal static class Rates
{
    public static double MegabytesPerSecond(double bytes, double ms) => bytes / ms / 1000;

    public static double PerSecond(int count, double ms) => count / ms * 1000;
}
