using Microsoft.Extensions.Primitives;

namespace Bridge.Classic.Proxy;

/// <summary>
/// A server-side proxy on the site's own origin, for comparison. It is addressed by route id, never by URL, so it
/// cannot be turned against other hosts: each id names one fixed URL on the service. The user's cookies for the
/// site never go to the service, and the service's cookies never reach the site: the proxy speaks for itself.
/// </summary>
internal static class ProxyRoutes
{
    public const string Prefix = "/proxy";
    public const string HttpClientName = "Bridge demo proxy";

    // Request headers the proxy passes on; everything else (cookies above all) stays on the site.
    private static readonly string[] ForwardedRequestHeaders = ["Accept", "Content-Type"];

    // Response headers the proxy passes back.
    private static readonly string[] ForwardedResponseHeaders = ["Content-Type", "Cache-Control", "ETag", "Last-Modified"];

    public static void Map(IEndpointRouteBuilder endpoints, IReadOnlyDictionary<string, Uri> routes)
    {
        endpoints.Map(Prefix + "/{id}", (HttpContext context, string id, IHttpClientFactory clients, ILoggerFactory loggers) =>
            ForwardAsync(context, id, routes, clients, loggers.CreateLogger(typeof(ProxyRoutes).FullName!)));
    }

    /// <summary>The demo's routes: the API's paths on the service, by their last segment.</summary>
    public static IReadOnlyDictionary<string, Uri> DemoRoutes(Uri service) => new Dictionary<string, Uri>(StringComparer.Ordinal)
    {
        ["hello"] = new(service, "/api/hello"),
        ["echo"] = new(service, "/api/echo"),
        ["bytes"] = new(service, "/api/bytes"),
    };

    private static async Task ForwardAsync(
        HttpContext context,
        string id,
        IReadOnlyDictionary<string, Uri> routes,
        IHttpClientFactory clients,
        ILogger logger)
    {
        if (!routes.TryGetValue(id, out var target))
        {
            ProxyLog.UnknownRoute(logger, id.Length > 64 ? id[..64] : id);
            await Results.Problem($"The proxy has no route \"{id}\". Routes: {string.Join(", ", routes.Keys)}.", statusCode: StatusCodes.Status404NotFound)
                .ExecuteAsync(context);
            return;
        }
        var request = context.Request;
        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), new UriBuilder(target) { Query = request.QueryString.Value?.TrimStart('?') ?? "" }.Uri);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            outgoing.Content = new StreamContent(request.Body);
        }
        foreach (var name in ForwardedRequestHeaders)
        {
            if (request.Headers.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values))
            {
                if (!outgoing.Headers.TryAddWithoutValidation(name, [.. values]))
                {
                    outgoing.Content?.Headers.TryAddWithoutValidation(name, [.. values]);
                }
            }
        }

        HttpResponseMessage upstream;
        try
        {
            upstream = await clients.CreateClient(HttpClientName).SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException exception)
        {
            ProxyLog.UpstreamFailed(logger, id, exception.Message);
            await Results.Problem($"The proxy could not reach the service for \"{id}\".", statusCode: StatusCodes.Status502BadGateway).ExecuteAsync(context);
            return;
        }
        using (upstream)
        {
            context.Response.StatusCode = (int)upstream.StatusCode;
            foreach (var name in ForwardedResponseHeaders)
            {
                if (upstream.Headers.TryGetValues(name, out var values) || upstream.Content.Headers.TryGetValues(name, out values))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }
            await using var body = await upstream.Content.ReadAsStreamAsync(context.RequestAborted);
            await body.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}

internal static partial class ProxyLog
{
    [LoggerMessage(1, LogLevel.Warning, "The demo proxy refused an unknown route \"{Id}\"")]
    public static partial void UnknownRoute(ILogger logger, string id);

    [LoggerMessage(2, LogLevel.Warning, "The demo proxy could not reach the service for route \"{Id}\": {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, string id, string reason);
}
