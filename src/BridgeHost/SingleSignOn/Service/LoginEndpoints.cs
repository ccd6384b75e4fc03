using Bridge.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn.Service;

/// <summary>
/// Step 5: signing in with a user name and password on the SSO service's own origin, top-level (the form must not be
/// framed: <c>frame-ancestors 'none'</c>), protected by an antiforgery token.
/// </summary>
internal static class LoginEndpoints
{
    public const string LoginPath = "/sso/login";

    /// <summary>
    /// The antiforgery cookie: only ever needed by the SSO's own form posting to its own origin, so
    /// <c>SameSite=Strict</c>; <c>HttpOnly</c>; <c>Secure</c> whenever the SSO is served over https. Not
    /// <c>Secure</c> always: the framework then refuses every plain-http request, and the demo serves
    /// <c>*.localhost</c> over http (a secure context to the browser, not to the server). So not <c>__Host-</c> either,
    /// which requires <c>Secure</c>. It is no credential, only the cookie half of the form's token.
    /// </summary>
    public const string AntiforgeryCookieName = "bridge-sso-antiforgery";

    private const string PageSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly PageTemplate Page = PageTemplate.Load("login.html");

    public static void AddAntiforgery(IServiceCollection services) =>
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Path = "/";
        });

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Render(context, antiforgery, returnUrl, error: ""));
        endpoints.MapPost(LoginPath, LoginAsync);
    }

    /// <summary>
    /// Form fields <c>username</c>, <c>password</c>, the antiforgery token and an optional <c>returnUrl</c> (a path on
    /// this origin): starts the SSO session and redirects (303) to the return path, or back to the form.
    /// </summary>
    private static async Task<IResult> LoginAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        IOptions<SingleSignOnOptions> options,
        ILogger<SingleSignOnOptions> logger)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            SingleSignOnLog.AntiforgeryRefused(logger);
            return Render(context, antiforgery, returnUrl: null,
                "This form expired or did not come from this page. Sign in again.", StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userName = form["username"].ToString();
        var returnUrl = LocalPath.IsLocal(form["returnUrl"]) ? form["returnUrl"].ToString() : null;
        options.Value.Users.TryGetValue(userName, out var user);
        if (!Passwords.Verify(user, form["password"].ToString()))
        {
            SingleSignOnLog.SignInFailed(logger);
            return Render(context, antiforgery, returnUrl, "Wrong user name or password.", StatusCodes.Status401Unauthorized);
        }
        var name = options.Value.Users.Keys.First(key => key.Equals(userName, StringComparison.OrdinalIgnoreCase));
        await SessionCookies.SignInAsync(context, SsoEndpoints.Scheme, name);
        SingleSignOnLog.SignedIn(logger, name);
        return SeeOther(context, returnUrl ?? LoginPath);
    }

    private static IResult SeeOther(HttpContext context, string location)
    {
        context.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Render(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string error, int statusCode = StatusCodes.Status200OK)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = PageSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        // Also makes the page no-cache, no-store, as every page with an antiforgery token must be.
        var tokens = antiforgery.GetAndStoreTokens(context);
        var user = SessionCookies.User(context);
        return Page.Render(new Dictionary<string, string>
        {
            ["status"] = user is null ? "You are signed out." : $"You are signed in as {user}.",
            ["error"] = error,
            ["antiforgery-field"] = tokens.FormFieldName,
            ["antiforgery-token"] = tokens.RequestToken ?? "",
            ["return-url"] = LocalPath.IsLocal(returnUrl) ? returnUrl! : "",
        }, statusCode);
    }
}
