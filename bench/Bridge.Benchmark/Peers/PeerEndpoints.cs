using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bridge.Benchmark.Peers;

/// <summary>
/// What the service serves for the peers, under /peers: each peer's relay page, allowing exactly the benchmark page's
/// origin (which alone may frame it), and the scripts the relay pages and the benchmark pages load.
/// </summary>
internal static class PeerEndpoints
{
    public const string XdomainScript = "/peers/xdomain/xdomain.min.js";
    public const string XdomainProxyPage = "/peers/xdomain/proxy.html";
    public const string PenpalScript = "/peers/penpal/penpal.min.js";
    public const string PenpalPageScript = "/peers/penpal/penpal-fetch.js";

    private const string JavaScript = "text/javascript; charset=utf-8";
    private const string Html = "text/html; charset=utf-8";

    public static void Map(IEndpointRouteBuilder service, PeerScripts peers, string pageOrigin)
    {
        var origin = HtmlEncoder.Default.Encode(pageOrigin);
        // xdomain's slave reads its allowed master from the attribute of the script tag whose src names xdomain; the
        // path limits it to the API, as the bridge's relay policy does (/api/**).
        var xdomainProxy = $"""
            <!DOCTYPE html>
            <script src="{XdomainScript}" master="{origin}/api/*"></script>
            """;
        var penpalRelay = $"""
            <!DOCTYPE html>
            <meta charset="utf-8">
            <title>penpal relay</title>
            <script src="{PenpalScript}"></script>
            <script src="/peers/penpal/relay.js" data-allowed-origin="{origin}"></script>
            """;
        var relayScript = EmbeddedScripts.Read("Bridge.Benchmark.Peers.penpal-relay.js");
        var frameAncestors = $"frame-ancestors {pageOrigin}";

        service.MapGet(XdomainScript, () => Results.Bytes(peers.Xdomain.Content, JavaScript));
        service.MapGet(XdomainProxyPage, (HttpContext context) => RelayPage(context, xdomainProxy, frameAncestors));
        service.MapGet(PenpalScript, () => Results.Bytes(peers.Penpal.Content, JavaScript));
        service.MapGet(PenpalPageScript, () => Results.Bytes(peers.PenpalPage.Content, JavaScript));
        service.MapGet("/peers/penpal/relay.html", (HttpContext context) => RelayPage(context, penpalRelay, frameAncestors));
        service.MapGet("/peers/penpal/relay.js", () => Results.Bytes(relayScript, JavaScript));
    }

    /// <summary>A relay page that only the benchmark page's origin may frame.</summary>
    private static IResult RelayPage(HttpContext context, string html, string frameAncestors)
    {
        context.Response.Headers.ContentSecurityPolicy = frameAncestors;
        return Results.Content(html, Html);
    }
}
