namespace Bridge.SingleSignOn;

/// <summary>An app that signs in with the SSO service: <c>SingleSignOn:Apps:{name}</c>.</summary>
internal sealed class SingleSignOnClientApp
{
    /// <summary>The app's exact origin: where its pages are, where its server listens, what its tokens are bound to.</summary>
    public string Origin { get; set; } = "";

    /// <summary>The id its server gives on the back channel.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The SSO service's copy of the client secret: its SHA-256, base64url (<c>new-client-secret</c> makes both).</summary>
    public string ClientSecretHash { get; set; } = "";

    /// <summary>
    /// The app server's copy of the client secret, which it sends on the back channel. Only the app reads it; in a real
    /// deployment it lives in the app's secret store, never beside the SSO's configuration.
    /// </summary>
    public string ClientSecret { get; set; } = "";
}
