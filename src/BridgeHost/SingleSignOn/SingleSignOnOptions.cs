namespace Bridge.SingleSignOn;

/// <summary>
/// The single sign-on demo (the seed's five steps): configuration section <c>SingleSignOn</c>, validated at start-up
/// by <see cref="SingleSignOnOptionsValidator"/>. The SSO service, its users, and the apps that sign in with it.
/// </summary>
internal sealed class SingleSignOnOptions
{
    public const string SectionName = "SingleSignOn";

    /// <summary>The SSO service's origin, where it listens and where the apps' servers redeem tokens.</summary>
    public Uri ServiceUrl { get; set; } = new("http://sso.example.localhost:5090");

    /// <summary>How long a token may wait for its redemption: 60 seconds unless configured, within 5 s to 10 min.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an SSO or app session lasts after sign-in.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// A StackExchange.Redis connection string. Empty (the default): tokens and Data Protection keys stay in this
    /// process. Set: both go to Redis, so several SSO instances agree on tokens, cookies and antiforgery.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The demo users by name; each with a password hash, never a password.</summary>
    public Dictionary<string, SingleSignOnUser> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The apps that sign in with the SSO service, by name.</summary>
    public Dictionary<string, SingleSignOnClientApp> Apps { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The SSO service's origin, as browsers send it in <c>Origin</c>.</summary>
    public string ServiceOrigin => ServiceUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The app whose origin is exactly <paramref name="origin"/>, or null.</summary>
    public SingleSignOnClientApp? AppByOrigin(string? origin) =>
        origin is null ? null : Apps.Values.FirstOrDefault(app => string.Equals(app.Origin, origin, StringComparison.Ordinal));

    /// <summary>The app whose client id is exactly <paramref name="clientId"/>, or null.</summary>
    public SingleSignOnClientApp? AppByClientId(string? clientId) =>
        clientId is null ? null : Apps.Values.FirstOrDefault(app => string.Equals(app.ClientId, clientId, StringComparison.Ordinal));
}
