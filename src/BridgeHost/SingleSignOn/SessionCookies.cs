using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn;

/// <summary>
/// A session as an ASP.NET Core authentication cookie: the signed-in user's name in a ticket that Data Protection
/// encrypts and signs, so the server keeps no session table, and every instance sharing the Data Protection keys
/// honours it. Always <c>HttpOnly</c>, <c>Secure</c>, host-only and on <c>/</c> (what the <c>__Host-</c> prefix
/// requires); each caller chooses its <c>SameSite</c> and says why.
/// </summary>
internal static class SessionCookies
{
    public static void Add(IServiceCollection services, string scheme, string cookieName, SameSiteMode sameSite)
    {
        services.AddAuthentication(scheme).AddCookie(scheme);
        services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<IOptions<SingleSignOnOptions>>((options, settings) =>
        {
            options.Cookie.Name = cookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = sameSite;
            options.Cookie.Path = "/";
            options.ExpireTimeSpan = settings.Value.SessionLifetime;
            options.SlidingExpiration = false;
            // The endpoints answer "signed out" themselves; nothing here redirects to a login page.
            options.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>The signed-in user's name, or null.</summary>
    public static string? User(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    public static Task SignInAsync(HttpContext context, string scheme, string user) =>
        context.SignInAsync(scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], scheme)));

    public static Task SignOutAsync(HttpContext context, string scheme) => context.SignOutAsync(scheme);
}
