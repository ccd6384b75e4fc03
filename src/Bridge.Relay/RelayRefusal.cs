namespace Bridge.Relay;

/// <summary>Why the middleware refused a relayed request; <see cref="RelayRefusals.Code"/> names it in answers, logs and metrics.</summary>
internal enum RelayRefusal
{
    OriginNotAllowed,
    PathNotAllowed,
    MethodNotAllowed,
    HeaderNotAllowed,
    CredentialsNotAllowed,
    TooLarge,
}

internal static class RelayRefusals
{
    public static string Code(this RelayRefusal refusal) => refusal switch
    {
        RelayRefusal.OriginNotAllowed => "origin-not-allowed",
        RelayRefusal.PathNotAllowed => "path-not-allowed",
        RelayRefusal.MethodNotAllowed => "method-not-allowed",
        RelayRefusal.HeaderNotAllowed => "header-not-allowed",
        RelayRefusal.CredentialsNotAllowed => "credentials-not-allowed",
        RelayRefusal.TooLarge => "too-large",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };
}
