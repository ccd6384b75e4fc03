namespace Bridge.SingleSignOn.Tokens;

/// <summary>What the store keeps for a token (under its hash, never the token itself): who, for which app, until when.</summary>
internal sealed record TokenRecord(string User, string AppOrigin, DateTimeOffset ExpiresAt);
