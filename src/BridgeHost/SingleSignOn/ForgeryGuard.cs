namespace Bridge.SingleSignOn;

/// <summary>
/// Cross-site request forgery defence for the JSON endpoints that change a session (the apps' login and logout, the
/// SSO's logout): the body must be declared <c>application/json</c>, which no form, link or image can send and which a
/// page on another origin can send only after a CORS preflight that the endpoint's policy grants; and the browser's
/// <c>Origin</c> must be one the endpoint allows (with <c>Sec-Fetch-Site: same-origin</c> as well, where the endpoint
/// is same-origin only). Cookies' <c>SameSite</c> is not relied on: the SSO's session cookie is <c>SameSite=None</c>.
/// </summary>
internal sealed class ForgeryGuard(Func<HttpContext, string, bool> isAllowedOrigin, bool sameOriginOnly) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var request = context.Request;
        if (!JsonBody.IsDeclared(request))
        {
            return Refuse(context, StatusCodes.Status415UnsupportedMediaType, "not application/json",
                "Send the body as JSON with Content-Type: application/json.");
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || request.Headers.Origin.Count != 1 || !isAllowedOrigin(context, origin))
        {
            return Refuse(context, StatusCodes.Status403Forbidden, origin.Length == 0 ? "no Origin" : "Origin not allowed",
                "Call this endpoint with fetch from a page on an origin it allows.");
        }
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (sameOriginOnly && fetchSite.Length > 0 && fetchSite != "same-origin")
        {
            return Refuse(context, StatusCodes.Status403Forbidden, "not same-origin", "Call this endpoint from a page on its own origin.");
        }
        return await next(invocation);
    }

    private static IResult Refuse(HttpContext context, int status, string reason, string fix)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<ForgeryGuard>();
        SingleSignOnLog.ForgeryRefused(logger, context.Request.Method, context.Request.Path.Value ?? "", reason);
        return Results.Problem($"Refused as a possible cross-site request forgery ({reason}). {fix}", statusCode: status);
    }
}
