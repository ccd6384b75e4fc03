using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Bridge.Relay;

/// <summary>The relay page and the client scripts, with the headers each needs.</summary>
internal static class RelayEndpoints
{
    /// <summary>
    /// The relay page for the origin its URL names (<see cref="Relay.RelayPage.OriginParameter"/>): that origin's
    /// page when a site allows it, else the page that serves nobody; without the parameter, the forwarding page of
    /// older clients. The browser enforces each page's frame-ancestors.
    /// </summary>
    public static IResult RelayPage(HttpContext context, RelayState state, ILogger<RelayState> logger)
    {
        var pages = state.Pages;
        var query = context.Request.Query;
        var page = pages.Forwarding;
        if (query.TryGetValue(Relay.RelayPage.OriginParameter, out var origins))
        {
            page = origins.Count == 1 ? pages.For(origins.ToString()) : pages.ServingNobody;
            if (page == pages.ServingNobody)
            {
                WarnOfFramingOriginNotAllowed(context, origins, logger);
            }
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = page.ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        ActivateStorageAccess(context);
        // No Cross-Origin-Opener-Policy: the interactive connection opens this page as a popup and talks to its opener.
        return Results.Bytes(page.Content, "text/html; charset=utf-8", entityTag: new EntityTagHeaderValue(page.ETag));
    }

    /// <summary>
    /// Storage Access Headers: a frame under another site that holds a storage-access grant, not yet active, has the
    /// browser say <c>Sec-Fetch-Storage-Access: inactive</c>; answering <c>Activate-Storage-Access: load</c> has the
    /// grant used as the page loads, so its credentialed calls carry the service's cookies at once. Without a grant
    /// the browser sends <c>none</c> and nothing changes: the header grants nothing by itself.
    /// </summary>
    private static void ActivateStorageAccess(HttpContext context)
    {
        context.Response.Headers.Vary = "Sec-Fetch-Storage-Access";
        if (context.Request.Headers["Sec-Fetch-Storage-Access"] == "inactive")
        {
            context.Response.Headers["Activate-Storage-Access"] = "load";
        }
    }

    /// <summary>
    /// Advisory only (the browser enforces frame-ancestors, and the URL's origin is only what the page claims): a
    /// frame request for an origin no site allows is logged, since the browser's refusal report cannot name it.
    /// </summary>
    private static void WarnOfFramingOriginNotAllowed(HttpContext context, StringValues origins, ILogger logger)
    {
        if (context.Request.Headers["Sec-Fetch-Dest"] != "iframe")
        {
            return;
        }
        var origin = origins.ToString();
        Log.PageRequestedByOriginNotAllowed(logger, origins.Count == 1 && OriginPattern.IsSerializedOrigin(origin) ? origin : "(not an origin)");
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
