using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Bridge.Relay;

/// <summary>The relay page and the client scripts, with the headers each needs.</summary>
internal static class RelayEndpoints
{
    public static IResult RelayPage(HttpContext context, RelayState state, ILogger<RelayState> logger)
    {
        WarnOfFramingOriginNotAllowed(context, state.Policy, logger);
        var page = state.Page;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = page.ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        return Results.Bytes(page.Content, "text/html; charset=utf-8", entityTag: new EntityTagHeaderValue(page.ETag));
    }

    /// <summary>
    /// Advisory only (the response is the same either way; the browser enforces frame-ancestors): a frame request
    /// whose Referer names an origin no site allows is logged, since the browser's refusal report cannot name it.
    /// </summary>
    private static void WarnOfFramingOriginNotAllowed(HttpContext context, RelayPolicy policy, ILogger logger)
    {
        var headers = context.Request.Headers;
        if (headers["Sec-Fetch-Dest"] != "iframe" || !Uri.TryCreate(headers.Referer.ToString(), UriKind.Absolute, out var referer))
        {
            return;
        }
        var origin = referer.GetLeftPart(UriPartial.Authority);
        if (Origins.TryNormalize(origin, out var normalized, out _) && policy.Match(normalized) is null)
        {
            Log.PageRequestedByOriginNotAllowed(logger, normalized);
        }
    }

    public static IResult Script(HttpContext context, ClientAsset asset)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        // A public, credential-free file: any page may load it as a module or pin it with SRI (both use CORS).
        headers.AccessControlAllowOrigin = "*";
        // On a versioned URL (?v=<content hash>) the bytes can never change; elsewhere revalidate by ETag.
        headers.CacheControl = context.Request.Query["v"] == asset.Version
            ? "public, max-age=31536000, immutable"
            : "public, no-cache";
        return Results.Bytes(asset.Content, "text/javascript; charset=utf-8", entityTag: new EntityTagHeaderValue(asset.ETag));
    }

    public static IResult Integrity(HttpContext context, ScriptIntegrity integrity)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Public and credential-free, like the scripts it describes: any page (or build tool) may read it.
        headers.AccessControlAllowOrigin = "*";
        headers.CacheControl = "public, no-cache";
        return Results.Bytes(integrity.Content, "application/json; charset=utf-8", entityTag: new EntityTagHeaderValue(integrity.ETag));
    }
}
