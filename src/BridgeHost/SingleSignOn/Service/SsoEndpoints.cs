using Bridge.SingleSignOn.Tokens;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn.Service;

/// <summary>
/// The SSO endpoints the apps' pages call, through CORS or through the relay: the login status (step 2), an
/// authentication token (step 3), and logout. Every answer is <c>Cache-Control: no-store</c>.
/// </summary>
internal static class SsoEndpoints
{
    public const string StatusPath = "/sso/status";
    public const string TokenPath = "/sso/token";
    public const string LogoutPath = "/sso/logout";

    /// <summary>What the token request's body must say, as the seed sends it.</summary>
    public const string TokenRequest = "authentication token";

    public const string Scheme = "Bridge.SingleSignOn";

    /// <summary>
    /// <c>SameSite=None</c>: the cookie must reach the SSO from the apps' contexts, and on another site only <c>None</c>
    /// cookies can: under CORS from a cross-site app (where the browser still allows third-party cookies) and in the
    /// relay's frame under a cross-site app once the browser grants it storage access. (Same-site, <c>Lax</c> would do.)
    /// Cross-site request forgery is stopped per endpoint instead: the token is bound to an allowed app origin and is
    /// readable only by it, logout takes JSON from allowed origins (<see cref="ForgeryGuard"/>), sign-in takes an
    /// antiforgery token.
    /// </summary>
    public const string CookieName = "__Host-bridge-sso";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(StatusPath, Status).RequireCors(SsoCors.PolicyName);
        endpoints.MapPost(TokenPath, TokenAsync).RequireCors(SsoCors.PolicyName);
        endpoints.MapPost(LogoutPath, (Func<HttpContext, Task<IResult>>)LogoutAsync)
            .RequireCors(SsoCors.PolicyName)
            .AddEndpointFilter(new ForgeryGuard(IsSsoOrAppOrigin, sameOriginOnly: false));
    }

    /// <summary><c>{ "signedIn": true, "user": "alice" }</c> or <c>{ "signedIn": false }</c>, from the SSO session cookie.</summary>
    private static IResult Status(HttpContext context)
    {
        NoStore(context);
        return SessionCookies.User(context) is { } user
            ? Results.Json(new { signedIn = true, user })
            : Results.Json(new { signedIn = false });
    }

    /// <summary>
    /// <c>{ "token": "…", "expiresIn": 60 }</c> for the signed-in user, bound to the app that asked: through the relay,
    /// the page origin the relay verified; through CORS, the exact <c>Origin</c>. Anyone else gets 403 and no token;
    /// without a session, 401 <c>{ "signedIn": false }</c>.
    /// </summary>
    private static async Task<IResult> TokenAsync(
        HttpContext context,
        IOptions<SingleSignOnOptions> options,
        SingleSignOnTokens tokens,
        ILogger<SingleSignOnTokens> logger)
    {
        NoStore(context);
        var relayed = context.GetBridgeRelayOrigin();
        var via = relayed is null ? "CORS" : "relay";
        var origin = relayed ?? context.Request.Headers.Origin.ToString();
        if (context.Request.Headers.Origin.Count > 1 || options.Value.AppByOrigin(origin) is not { } app)
        {
            SingleSignOnLog.TokenRefusedToOrigin(logger, origin.Length == 0 ? "a request without an Origin" : origin, via);
            return Results.Problem(
                "Tokens are only for the apps of SingleSignOn:Apps, called from their own pages (Origin) or through the relay.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        if (await ReadTokenRequestAsync(context.Request) is { } problem)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }
        if (SessionCookies.User(context) is not { } user)
        {
            return Results.Json(new { signedIn = false }, statusCode: StatusCodes.Status401Unauthorized);
        }
        var token = await tokens.MintAsync(user, app.Origin, context.RequestAborted);
        SingleSignOnLog.TokenMinted(logger, user, app.Origin, via);
        return Results.Json(new { token, expiresIn = (int)tokens.Lifetime.TotalSeconds });
    }

    /// <summary>Ends the SSO session: <c>{ "signedIn": false }</c>.</summary>
    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        NoStore(context);
        await SessionCookies.SignOutAsync(context, Scheme);
        return Results.Json(new { signedIn = false });
    }

    private static bool IsSsoOrAppOrigin(HttpContext context, string origin)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SingleSignOnOptions>>().Value;
        return string.Equals(origin, options.ServiceOrigin, StringComparison.Ordinal) || options.AppByOrigin(origin) is not null;
    }

    /// <summary>Why the body is not <c>{ "request": "authentication token" }</c> as JSON, or null.</summary>
    private static async Task<string?> ReadTokenRequestAsync(HttpRequest request)
    {
        var (value, problem) = await JsonBody.ReadStringAsync(request, "request");
        return value == TokenRequest
            ? null
            : $"The token request is refused: {problem ?? "it does not ask for an authentication token"}. " +
                $"Send Content-Type: application/json and the body {{ \"request\": \"{TokenRequest}\" }}.";
    }

    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";
}
