namespace Bridge.SingleSignOn.Tokens;

/// <summary>How a redemption ended. Only <see cref="Redeemed"/> signs anyone in; the back channel answers every other alike.</summary>
internal enum RedemptionOutcome
{
    Redeemed,

    /// <summary>Not in the store: never minted, already redeemed, or expired and evicted.</summary>
    Unknown,

    /// <summary>Taken from the store (so spent), but past its lifetime.</summary>
    Expired,

    /// <summary>Taken from the store (so spent), but minted for another app's origin.</summary>
    OtherApp,
}

/// <summary>The outcome, and the user when <see cref="RedemptionOutcome.Redeemed"/>.</summary>
internal readonly record struct Redemption(RedemptionOutcome Outcome, string? User = null, string? BoundOrigin = null);
