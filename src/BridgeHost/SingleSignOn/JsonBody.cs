using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Bridge.SingleSignOn;

/// <summary>The small JSON bodies the SSO's and the apps' endpoints take: declared JSON, bounded, one string property read.</summary>
internal static class JsonBody
{
    /// <summary>The largest body these endpoints read.</summary>
    public const int MaxBytes = 1024;

    /// <summary>Whether the request declares <c>application/json</c> (parameters such as charset aside).</summary>
    public static bool IsDeclared(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The string property <paramref name="name"/> of the body, a JSON object of at most <see cref="MaxBytes"/> bytes
    /// declared <c>application/json</c>; or null, and why not.
    /// </summary>
    public static async Task<(string? Value, string? Problem)> ReadStringAsync(HttpRequest request, string name)
    {
        if (!IsDeclared(request))
        {
            return (null, "it is not declared Content-Type: application/json");
        }
        if (request.ContentLength > MaxBytes)
        {
            return (null, $"it is over {MaxBytes} bytes");
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                ? (value.GetString(), null)
                : (null, $"it is not a JSON object with a string \"{name}\"");
        }
        catch (Exception exception) when (exception is JsonException or BadHttpRequestException)
        {
            return (null, $"it is not JSON, or over {MaxBytes} bytes");
        }
    }
}
