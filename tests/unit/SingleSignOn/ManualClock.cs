namespace Bridge.UnitTests.SingleSignOn;

/// <summary>A clock the test moves, so that a token expires without anyone waiting for it.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
