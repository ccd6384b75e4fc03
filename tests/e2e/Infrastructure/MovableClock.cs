namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// The SSO's clock: the system's, moved forward by what the tests add, so a token can expire without waiting. Moves
/// only forward, and by a token's lifetime at most per test, so a session (hours) is not affected.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
