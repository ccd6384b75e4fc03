namespace Bridge.SingleSignOn.Apps;

/// <summary>
/// An app's own server (steps 1 and 4): its login status from its own session cookie, login with a token it redeems
/// over the back channel, logout. Login and logout change the session, so they take JSON from the app's own origin
/// only (<see cref="ForgeryGuard"/>); no CORS anywhere.
/// </summary>
internal static class AppEndpoints
{
    public const string StatusPath = "/app/status";
    public const string LoginPath = "/app/login";
    public const string LogoutPath = "/app/logout";

    public const string Scheme = "Bridge.SingleSignOn.App";

    /// <summary>
    /// <c>SameSite=Lax</c>: the app's pages call their own origin, so the cookie never needs to travel cross-site
    /// (<c>None</c> would only help forgery), and <c>Lax</c> rather than <c>Strict</c> keeps the user signed in when they
    /// follow a link to the app from another site. <c>HttpOnly</c>, <c>Secure</c>, <c>__Host-</c>.
    /// </summary>
    public const string CookieName = "__Host-bridge-app";

    private static readonly PageTemplate Page = PageTemplate.Load("app.html");

    public static void Map(IEndpointRouteBuilder endpoints, AppIdentity app, string ssoOrigin)
    {
        var sameOrigin = new ForgeryGuard((_, origin) => string.Equals(origin, app.Origin, StringComparison.Ordinal), sameOriginOnly: true);
        endpoints.MapGet("/", () => Page.Render(new Dictionary<string, string>
        {
            ["app-name"] = app.Name,
            ["app-origin"] = app.Origin,
            ["sso-origin"] = ssoOrigin,
        }));
        AppPageAssets.Map(endpoints);
        endpoints.MapGet(StatusPath, Status);
        endpoints.MapPost(LoginPath, LoginAsync).AddEndpointFilter(sameOrigin);
        endpoints.MapPost(LogoutPath, (Func<HttpContext, Task<IResult>>)LogoutAsync).AddEndpointFilter(sameOrigin);
    }

    /// <summary><c>{ "signedIn": true, "user": "alice" }</c> or <c>{ "signedIn": false }</c>, from the app's session cookie.</summary>
    private static IResult Status(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return SessionCookies.User(context) is { } user
            ? Results.Json(new { signedIn = true, user })
            : Results.Json(new { signedIn = false });
    }

    /// <summary>
    /// Body <c>{ "token": "…" }</c>: 200 <c>{ "signedIn": true, "user": "alice" }</c> and the app's session cookie, or
    /// 401 <c>{ "signedIn": false, "error": "token-refused" }</c> when the SSO service did not redeem the token, or 400
    /// for a body without a token.
    /// </summary>
    private static async Task<IResult> LoginAsync(HttpContext context, BackChannelClient backChannel, AppIdentity app, ILogger<BackChannelClient> logger)
    {
        context.Response.Headers.CacheControl = "no-store";
        if ((await JsonBody.ReadStringAsync(context.Request, "token")).Value is not { Length: > 0 } token)
        {
            return Results.Problem("Send the body { \"token\": \"<the token from the SSO service>\" } as JSON.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (await backChannel.RedeemAsync(token, context.RequestAborted) is not { } user)
        {
            return Results.Json(new { signedIn = false, error = "token-refused" }, statusCode: StatusCodes.Status401Unauthorized);
        }
        await SessionCookies.SignInAsync(context, Scheme, user);
        SingleSignOnLog.AppSignedIn(logger, app.Name, user);
        return Results.Json(new { signedIn = true, user });
    }

    /// <summary>Ends the app's session: <c>{ "signedIn": false }</c>.</summary>
    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        await SessionCookies.SignOutAsync(context, Scheme);
        return Results.Json(new { signedIn = false });
    }
}
