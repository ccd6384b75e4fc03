using System.Collections.Concurrent;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// Every request that reached the SSO service, with whether it carried the SSO's session cookie and the control
/// cookie, and its User-Agent, where each test's browser context carries its own marker (<see cref="SsoBrowser"/>), so
/// tests running at once in two engines tell their requests apart.
/// </summary>
public sealed class SsoRequestLog
{
    private readonly ConcurrentQueue<Entry> entries = new();

    public sealed record Entry(string Method, string Path, string Query, string Origin, string UserAgent, bool HadSessionCookie, bool HadControlCookie);

    public void Record(HttpContext context, string sessionCookie, string controlCookie)
    {
        var request = context.Request;
        entries.Enqueue(new Entry(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Headers.Origin.ToString(),
            request.Headers.UserAgent.ToString(),
            request.Cookies.ContainsKey(sessionCookie),
            request.Cookies.ContainsKey(controlCookie)));
    }

    /// <summary>
    /// The calls of that context that reached the SSO endpoints the apps' pages call (status, token, logout): not the
    /// sign-in form, the relay page, or a CORS preflight, which the policy answers alone.
    /// </summary>
    public IReadOnlyList<Entry> EndpointCalls(string marker) =>
        [.. From(marker).Where(entry => entry.Method != "OPTIONS" && entry.Path is "/sso/status" or "/sso/token" or "/sso/logout")];

    /// <summary>The requests of the browser context whose User-Agent carries <paramref name="marker"/>, oldest first.</summary>
    public IReadOnlyList<Entry> From(string marker) =>
        [.. entries.Where(entry => entry.UserAgent.Contains(marker, StringComparison.Ordinal))];
}
