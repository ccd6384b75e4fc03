namespace Bridge.Benchmark;

internal static class Shares
{
    /// <summary>
    /// Splits <paramref name="count"/> into up to <paramref name="parts"/> shares that differ by at most one, the larger
    /// first, and add up to <paramref name="count"/>; fewer parts when there are fewer items, one (of 0) for none. Each
    /// share is one round that runs every mechanism in turn, so a disturbance on the machine (another process, a GC)
    /// spreads over all of them instead of one.
    /// </summary>
    public static IEnumerable<int> Split(int count, int parts)
    {
        parts = Math.Clamp(parts, 1, Math.Max(1, count));
        for (var part = 0; part < parts; part++)
        {
            yield return count / parts + (part < count % parts ? 1 : 0);
        }
    }
}
