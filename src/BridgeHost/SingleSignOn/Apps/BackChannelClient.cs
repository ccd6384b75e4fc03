using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Bridge.SingleSignOn.Service;

namespace Bridge.SingleSignOn.Apps;

/// <summary>
/// An app server's side of the back channel: redeems a token at the SSO service's <c>/sso/redeem</c> with the app's
/// client id and secret (HTTP Basic), through an <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>. The
/// browser's cookies never travel this way.
/// </summary>
internal sealed class BackChannelClient(HttpClient http, AppIdentity app, ILogger<BackChannelClient> logger)
{
    public const string HttpClientName = "Bridge.SingleSignOn.BackChannel";

    /// <summary>The user the token was minted for, or null when the SSO refused it or could not be reached (logged).</summary>
    public async Task<string?> RedeemAsync(string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BackChannelEndpoints.RedeemPath)
        {
            Content = JsonContent.Create(new { token }),
        };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(app.ClientId)}:{Uri.EscapeDataString(app.ClientSecret)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                SingleSignOnLog.BackChannelFailed(logger, app.Name, Url, $"the SSO answered {(int)response.StatusCode}");
                return null;
            }
            var answer = await response.Content.ReadFromJsonAsync<RedeemAnswer>(cancellationToken);
            return answer?.User is { Length: > 0 } user ? user : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            SingleSignOnLog.BackChannelFailed(logger, app.Name, Url, exception.GetType().Name + ": " + exception.Message);
            return null;
        }
    }

    private string Url => new Uri(http.BaseAddress!, BackChannelEndpoints.RedeemPath).ToString();

    private sealed record RedeemAnswer(string? User);
}
