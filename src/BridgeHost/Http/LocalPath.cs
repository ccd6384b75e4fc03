namespace Bridge.Http;

/// <summary>The one rule for a redirect target the caller supplies: a path on this origin, never elsewhere.</summary>
internal static class LocalPath
{
    /// <summary>
    /// Whether <paramref name="value"/> is a path on this origin: it starts with one <c>/</c>, and has no backslash
    /// (which browsers read as a slash, so <c>/\evil.example</c> is another host) and no control character.
    /// </summary>
    public static bool IsLocal(string? value) =>
        value is { Length: > 0 }
        && value[0] == '/'
        && !value.StartsWith("//", StringComparison.Ordinal)
        && !value.Contains('\\', StringComparison.Ordinal)
        && !value.Any(char.IsControl);
}
