using System.Net.Http.Headers;
using System.Text;
using Bridge.SingleSignOn.Tokens;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn.Service;

/// <summary>
/// Step 4's back channel: an app's server, never the browser, redeems a token. The server authenticates as an OAuth
/// confidential client does, with its client id and secret in HTTP Basic authentication; the SSO compares the
/// secret's SHA-256 with its stored hash in constant time. Not under CORS and not in the relay's paths: no page can
/// call it with the user's cookies, and no cookie counts here.
/// </summary>
internal static class BackChannelEndpoints
{
    public const string RedeemPath = "/sso/redeem";

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(RedeemPath, RedeemAsync);

    /// <summary>
    /// Body <c>{ "token": "…" }</c>: 200 <c>{ "user": "alice" }</c>; 400 <c>{ "error": "invalid_grant" }</c> for a wrong,
    /// expired, reused or other app's token (alike, and the token is spent); 401 <c>{ "error": "invalid_client" }</c>
    /// for an unknown client or a wrong secret (the token is not touched).
    /// </summary>
    private static async Task<IResult> RedeemAsync(
        HttpContext context,
        IOptions<SingleSignOnOptions> options,
        SingleSignOnTokens tokens,
        ILogger<SingleSignOnTokens> logger)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (Authenticate(context.Request, options.Value) is not { } app)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Bridge SSO back channel\", charset=\"UTF-8\"";
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }
        var (token, problem) = await JsonBody.ReadStringAsync(context.Request, "token");
        if (token is null)
        {
            SingleSignOnLog.RedemptionRefused(logger, app.ClientId, "MalformedRequest", "nothing");
            return Results.Json(
                new { error = "invalid_request", error_description = $"The body is refused: {problem}. Send Content-Type: application/json and {{ \"token\": \"<the token>\" }}." },
                statusCode: StatusCodes.Status400BadRequest);
        }
        var redemption = await tokens.RedeemAsync(token, app.Origin, context.RequestAborted);
        if (redemption.Outcome != RedemptionOutcome.Redeemed)
        {
            SingleSignOnLog.RedemptionRefused(logger, app.ClientId, redemption.Outcome.ToString(), redemption.BoundOrigin ?? "nothing");
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }
        SingleSignOnLog.Redeemed(logger, redemption.User!, app.ClientId);
        return Results.Json(new { user = redemption.User });
    }

    /// <summary>The app whose client id and secret the request's Basic credentials are, or null (logged).</summary>
    private static SingleSignOnClientApp? Authenticate(HttpRequest request, SingleSignOnOptions options)
    {
        var logger = request.HttpContext.RequestServices.GetRequiredService<ILogger<SingleSignOnTokens>>();
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            || DecodeBasic(header.Parameter) is not ({ } clientId, { } secret))
        {
            SingleSignOnLog.ClientRefused(logger, "no Basic credentials");
            return null;
        }
        var app = options.AppByClientId(clientId);
        // Verified even for an unknown client, against no hash, so the answer takes as long either way.
        if (!ClientSecrets.Verify(app?.ClientSecretHash, secret) || app is null)
        {
            SingleSignOnLog.ClientRefused(logger, app is null ? "unknown client id" : "wrong secret");
            return null;
        }
        return app;
    }

    private static (string ClientId, string Secret)? DecodeBasic(string? parameter)
    {
        if (string.IsNullOrEmpty(parameter) || parameter.Length > 1024)
        {
            return null;
        }
        var bytes = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, bytes, out var length))
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : (Uri.UnescapeDataString(text[..colon]), Uri.UnescapeDataString(text[(colon + 1)..]));
    }
}
