using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bridge.Benchmark.NavigationStart;

/// <summary>
/// The site's pages for the first call from navigation start, one per mechanism at /navigation/{mechanism}.html: the
/// mechanism's client scripts from the service, then two ordinary local scripts (the harness and the page's own
/// script), the same for every mechanism. Added to the demo site as a startup filter, since the site is built elsewhere.
/// </summary>
internal sealed class NavigationPages(string serviceOrigin) : IStartupFilter
{
    private const string Prefix = "/navigation";

    private readonly byte[] harness = EmbeddedScripts.Read("Bridge.Benchmark.harness.js");
    private readonly byte[] firstCall = EmbeddedScripts.Read("Bridge.Benchmark.NavigationStart.first-call.js");

    public static string PathFor(string mechanism) => $"{Prefix}/{mechanism}.html";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map(Prefix, branch => branch.Run(ServeAsync));
        next(app);
    };

    private Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == "/harness.js")
        {
            return Write(context, "text/javascript; charset=utf-8", harness);
        }
        if (path == "/first-call.js")
        {
            return Write(context, "text/javascript; charset=utf-8", firstCall);
        }
        var mechanism = path.EndsWith(".html", StringComparison.Ordinal) ? path[1..^".html".Length] : "";
        if (!EngineBenchmark.Mechanisms.Contains(mechanism))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return Write(context, "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(Page(mechanism)));
    }

    private string Page(string mechanism)
    {
        var html = HtmlEncoder.Default;
        var clientScripts = string.Concat(MechanismScripts.For(mechanism)
            .Select(script => $"""<script src="{html.Encode(serviceOrigin + script)}"></script>""" + "\n"));
        return $"""
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="utf-8">
            <title>First call from navigation start: {html.Encode(mechanism)}</title>
            {clientScripts}<script src="{Prefix}/harness.js"></script>
            <script src="{Prefix}/first-call.js" data-mechanism="{html.Encode(mechanism)}" data-service="{html.Encode(serviceOrigin)}"></script>
            </head>
            <body></body>
            </html>
            """;
    }

    private static Task Write(HttpContext context, string contentType, byte[] body)
    {
        context.Response.ContentType = contentType;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}
