using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bridge.Testing;

/// <summary>
/// The SSO service's HTTP contract as its callers use it: the sign-in form (step 5), a token as an app's page asks
/// for it (step 3), a redemption as an app's server makes it (step 4). Cookies travel as explicit <c>Cookie</c>
/// headers, since the session cookies are <c>Secure</c> and the tests speak plain http. Linked into the unit and e2e
/// tests.
/// </summary>
internal static partial class SingleSignOnCalls
{
    public const string SessionCookie = "__Host-bridge-sso";
    public const string AntiforgeryCookie = "bridge-sso-antiforgery";

    /// <summary>GET /sso/login: the antiforgery cookie (a Cookie header value) and the form's hidden field.</summary>
    public static async Task<(string Cookie, string Field, string Token)> GetLoginFormAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var form = await client.GetAsync("/sso/login", cancellationToken);
        var html = await form.Content.ReadAsStringAsync(cancellationToken);
        var hidden = HiddenField().Match(html);
        if (!hidden.Success || SetCookie(form, AntiforgeryCookie) is not { } cookie)
        {
            throw new InvalidOperationException($"GET /sso/login answered {(int)form.StatusCode} without a form's antiforgery token and cookie:\n{html}");
        }
        return (CookiePair(cookie), WebUtility.HtmlDecode(hidden.Groups[1].Value), WebUtility.HtmlDecode(hidden.Groups[2].Value));
    }

    /// <summary>POST /sso/login with the fields given (the antiforgery field only when both its name and value are).</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(
        HttpClient client, string? cookie, string? field, string? token, string user, string password, CancellationToken cancellationToken, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["username"] = user, ["password"] = password };
        if (field is not null && token is not null)
        {
            fields[field] = token;
        }
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        var request = new HttpRequestMessage(HttpMethod.Post, "/sso/login") { Content = new FormUrlEncodedContent(fields) };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return client.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Signs in on the form <paramref name="formFrom"/> serves, posted to <paramref name="postTo"/> (the same client, or
    /// another instance), and returns the session cookie as a Cookie header value.
    /// </summary>
    public static async Task<string> SignInAsync(HttpClient formFrom, HttpClient postTo, string user, string password, CancellationToken cancellationToken)
    {
        var (cookie, field, token) = await GetLoginFormAsync(formFrom, cancellationToken);
        using var response = await PostLoginAsync(postTo, cookie, field, token, user, password, cancellationToken);
        if (response.StatusCode != HttpStatusCode.SeeOther || SetCookie(response, SessionCookie) is not { } session)
        {
            throw new InvalidOperationException($"Signing in answered {(int)response.StatusCode} without a session cookie.");
        }
        return CookiePair(session);
    }

    /// <summary>GET /sso/status from an app's page (its Origin) with the session cookie, if any.</summary>
    public static Task<HttpResponseMessage> StatusAsync(HttpClient client, string origin, string? cookie, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/sso/status");
        request.Headers.Add("Origin", origin);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return client.SendAsync(request, cancellationToken);
    }

    /// <summary>POST /sso/token as an app's page asks through CORS: its Origin, JSON, the session cookie.</summary>
    public static async Task<HttpResponseMessage> RequestTokenAsync(
        HttpClient client, string? origin, string? cookie, CancellationToken cancellationToken, Action<HttpRequestMessage>? change = null)
    {
        using var request = Json(HttpMethod.Post, "/sso/token", new { request = "authentication token" }, origin, cookie);
        change?.Invoke(request);
        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>POST /sso/redeem as an app's server does, with the given client credentials (none when the id is null).</summary>
    public static async Task<HttpResponseMessage> RedeemAsync(HttpClient client, string token, string? clientId, string? secret, CancellationToken cancellationToken)
    {
        using var request = Json(HttpMethod.Post, "/sso/redeem", new { token }, origin: null, cookie: null);
        if (clientId is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        }
        return await client.SendAsync(request, cancellationToken);
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, object body, string? origin, string? cookie)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return request;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();

    /// <summary>The token of a 200 answer to POST /sso/token.</summary>
    public static async Task<string> ReadTokenAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.StatusCode == HttpStatusCode.OK
            ? (await ReadJsonAsync(response, cancellationToken)).GetProperty("token").GetString()!
            : throw new InvalidOperationException($"POST /sso/token answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");

    /// <summary>The Set-Cookie header that sets <paramref name="name"/>, or null.</summary>
    public static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(value => value.StartsWith(name + "=", StringComparison.Ordinal))
            : null;

    /// <summary>The <c>name=value</c> of a Set-Cookie header, as a Cookie header sends it.</summary>
    public static string CookiePair(string setCookie) => setCookie.Split(';')[0];

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex HiddenField();
}
