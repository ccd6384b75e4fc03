namespace Bridge.SingleSignOn;

/// <summary>The single sign-on demo's log: refusals at Warning, with causes and fixes; never a token, password, secret or cookie.</summary>
internal static partial class SingleSignOnLog
{
    [LoggerMessage(1, LogLevel.Warning,
        "SSO refused a token to {Origin} ({Via}): it is not the origin of an app in SingleSignOn:Apps. Add the app there if it should sign in with this SSO service")]
    public static partial void TokenRefusedToOrigin(ILogger logger, string origin, string via);

    [LoggerMessage(2, LogLevel.Information, "SSO minted a token for {User}, bound to {AppOrigin} ({Via})")]
    public static partial void TokenMinted(ILogger logger, string user, string appOrigin, string via);

    [LoggerMessage(3, LogLevel.Warning,
        "SSO back channel refused a token from client {ClientId} ({Outcome}; bound to {BoundOrigin}): it was never minted, already redeemed, expired, or bound to another app, and it is spent now if it existed")]
    public static partial void RedemptionRefused(ILogger logger, string clientId, string outcome, string boundOrigin);

    [LoggerMessage(4, LogLevel.Information, "SSO back channel redeemed a token of {User} for client {ClientId}")]
    public static partial void Redeemed(ILogger logger, string user, string clientId);

    [LoggerMessage(5, LogLevel.Warning,
        "SSO back channel refused a client ({Reason}): the app's server must send its ClientId and ClientSecret with HTTP Basic authentication, matching SingleSignOn:Apps:*:ClientId and ClientSecretHash")]
    public static partial void ClientRefused(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Warning, "SSO sign-in failed: wrong user name or password")]
    public static partial void SignInFailed(ILogger logger);

    [LoggerMessage(7, LogLevel.Information, "SSO session started for {User}")]
    public static partial void SignedIn(ILogger logger, string user);

    [LoggerMessage(8, LogLevel.Warning,
        "Refused {Method} {Path} as a possible cross-site request forgery ({Reason}); the page must call it with fetch, Content-Type: application/json, from an origin this endpoint allows")]
    public static partial void ForgeryRefused(ILogger logger, string method, string path, string reason);

    [LoggerMessage(9, LogLevel.Warning,
        "SSO sign-in form refused: its antiforgery token is missing or invalid. Submit the form as GET /sso/login serves it, with its cookie")]
    public static partial void AntiforgeryRefused(ILogger logger);

    [LoggerMessage(10, LogLevel.Warning,
        "App {App} could not redeem a token at the SSO back channel {Url}: {Reason}")]
    public static partial void BackChannelFailed(ILogger logger, string app, string url, string reason);

    [LoggerMessage(11, LogLevel.Information, "App {App} session started for {User}")]
    public static partial void AppSignedIn(ILogger logger, string app, string user);
}
