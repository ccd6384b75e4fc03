using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bridge.Relay;

/// <summary>
/// Receives the browser's Content-Security-Policy violation reports for the relay page, so the host learns of the
/// refusals that happen in the browser: above all a page on an origin the policy does not allow trying to frame the
/// relay (frame-ancestors). Anyone can post here, so only origins are logged, never whole URLs, and bodies are small.
/// </summary>
internal static class CspReports
{
    public const int MaxReportBytes = 16 * 1024;

    public static async Task<IResult> ReceiveAsync(HttpContext context, RelayMetrics metrics, ILoggerFactory loggers)
    {
        if (context.Request.ContentLength > MaxReportBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var logger = loggers.CreateLogger(typeof(CspReports).FullName!);
        using var body = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxReportBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }
            body.Write(buffer, 0, read);
        }
        if (!TryRead(body.ToArray(), out var directive, out var document))
        {
            return Results.BadRequest();
        }
        // Browsers keep the framing page's origin out of the report; RelayEndpoints logs it from the frame's request.
        Log.PageRefusedByBrowser(logger, directive, document);
        metrics.PageRefused(directive);
        return Results.NoContent();
    }

    /// <summary>Reads a report-uri body ({"csp-report": {...}}) down to its directive and the relay's origin.</summary>
    internal static bool TryRead(byte[] json, out string directive, out string documentOrigin)
    {
        directive = documentOrigin = "";
        try
        {
            using var parsed = JsonDocument.Parse(json);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object
                || !parsed.RootElement.TryGetProperty("csp-report", out var report)
                || report.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            directive = Directive(Text(report, "effective-directive") ?? Text(report, "violated-directive") ?? "");
            documentOrigin = OriginOf(Text(report, "document-uri"));
            return directive.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement report, string name) =>
        report.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // A directive name is a token: keep only what could be one, so nothing odd reaches the log.
    private static string Directive(string value)
    {
        var name = value.Split(' ', 2)[0];
        return name.Length <= 64 && name.All(c => char.IsAsciiLetterLower(c) || c == '-') ? name : "unknown";
    }

    private static string OriginOf(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetLeftPart(UriPartial.Authority)
            : value is null or "" ? "(none)" : "(" + Directive(value) + ")";
}
