using System.Buffers;
using System.Collections.Frozen;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Bridge.Classic.Proxy;

/// <summary>
/// A server-side proxy on the site's own origin, for comparison. It is addressed by route id, never by URL, and
/// each id is one configured upstream (<see cref="ProxyOptions"/>), so it cannot be turned against other hosts. It
/// forwards only the route's methods and request headers, never cookies either way, follows no redirect, passes
/// back at most the route's size within the route's time, and connects to no internal address unless the route is
/// marked Internal.
/// </summary>
internal static class ProxyRoutes
{
    public const string Prefix = "/proxy";
    public const string HttpClientName = "Bridge demo proxy";
    public const string InternalHttpClientName = "Bridge demo proxy (internal upstreams)";

    private const int CopyBufferBytes = 64 * 1024;

    /// <summary>
    /// Registers the proxy: its routes bound from <c>Demo:Proxy</c> and validated at start-up (a key the options do
    /// not have is an error too), and two HTTP clients that follow no redirects and send no cookies, one of which
    /// refuses internal addresses at connect time.
    /// </summary>
    public static void AddDemoProxy(IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>());
        services.TryAddSingleton<IOutboundNetwork, SystemOutboundNetwork>();
        services.TryAddSingleton<ProxyRouteTable>();
        AddClient(services, HttpClientName, allowInternal: false);
        AddClient(services, InternalHttpClientName, allowInternal: true);
    }

    private static void AddClient(IServiceCollection services, string name, bool allowInternal)
    {
        services.AddHttpClient(name)
            // Each route has its own Timeout; the client's 100 s default would cut a longer one short.
            .ConfigureHttpClient(client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            // The factory's loggers write each request's URL, query included; the proxy logs through ProxyLog only.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(provider => CreateHandler(new OutboundConnector(provider.GetRequiredService<IOutboundNetwork>(), allowInternal)));
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.Map(Prefix + "/{id}", (HttpContext context, string id, ProxyRouteTable routes, IHttpClientFactory clients, ILoggerFactory loggers) =>
            ForwardAsync(context, id, routes, clients, loggers.CreateLogger(typeof(ProxyRoutes).FullName!)));
    }

    /// <summary>The handler under both clients: the connector decides where a connection may go.</summary>
    public static SocketsHttpHandler CreateHandler(OutboundConnector connector) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        // An HTTP proxy from the environment would be what the connect callback checks, not the upstream.
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ConnectCallback = connector.ConnectAsync,
    };

    private static async Task ForwardAsync(HttpContext context, string id, ProxyRouteTable routes, IHttpClientFactory clients, ILogger logger)
    {
        if (!routes.TryGet(id, out var route))
        {
            ProxyLog.UnknownRoute(logger, id.Length > 64 ? id[..64] : id);
            await Problem(context, StatusCodes.Status404NotFound, $"The proxy has no route \"{id}\". Routes: {string.Join(", ", routes.Ids)}.");
            return;
        }
        var request = context.Request;
        if (!route.Methods.Contains(request.Method))
        {
            ProxyLog.MethodRefused(logger, route.Id, request.Method.Length > 16 ? request.Method[..16] : request.Method);
            context.Response.Headers.Allow = string.Join(", ", route.Methods.Order(StringComparer.Ordinal));
            await Problem(context, StatusCodes.Status405MethodNotAllowed, $"The proxy route \"{route.Id}\" forwards {string.Join(", ", route.Methods.Order(StringComparer.Ordinal))} only.");
            return;
        }

        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), new UriBuilder(route.Upstream) { Query = request.QueryString.Value?.TrimStart('?') ?? "" }.Uri);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            outgoing.Content = new StreamContent(request.Body);
        }
        foreach (var name in route.RequestHeaders)
        {
            if (request.Headers.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values)
                && !ProxyHeaders.IsConnectionSpecific(name, request.Headers.Connection))
            {
                if (!outgoing.Headers.TryAddWithoutValidation(name, [.. values]))
                {
                    outgoing.Content?.Headers.TryAddWithoutValidation(name, [.. values]);
                }
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(route.Timeout);
        HttpResponseMessage upstream;
        try
        {
            upstream = await clients.CreateClient(route.Internal ? InternalHttpClientName : HttpClientName)
                .SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            await TimedOutAsync(context, route, logger);
            return;
        }
        catch (HttpRequestException exception) when (Refusal(exception) is { } refusal)
        {
            ProxyLog.AddressRefused(logger, route.Id, refusal.Reason);
            await Problem(context, StatusCodes.Status502BadGateway,
                $"The proxy route \"{route.Id}\" did not connect: the upstream's address is {refusal.Reason}, and the route is not marked Internal.");
            return;
        }
        catch (HttpRequestException exception)
        {
            ProxyLog.UpstreamUnreachable(logger, route.Id, exception.HttpRequestError.ToString());
            await Problem(context, StatusCodes.Status502BadGateway, $"The proxy could not reach the upstream of route \"{route.Id}\".");
            return;
        }

        using (upstream)
        {
            var status = (int)upstream.StatusCode;
            if (status is >= 300 and < 400 && status != StatusCodes.Status304NotModified)
            {
                ProxyLog.UpstreamRedirected(logger, route.Id, status);
                await Problem(context, StatusCodes.Status502BadGateway,
                    $"The upstream of route \"{route.Id}\" redirected ({status}); the proxy does not follow redirects. Point the route at the final URL.");
                return;
            }
            var length = upstream.Content.Headers.ContentLength;
            if (length > route.MaxResponseBodyBytes)
            {
                ProxyLog.ResponseTooLarge(logger, route.Id, route.MaxResponseBodyBytes);
                await TooLargeAsync(context, route);
                return;
            }
            context.Response.StatusCode = status;
            var connection = upstream.Headers.Connection;
            foreach (var name in ProxyHeaders.ForwardedResponseHeaders)
            {
                if ((upstream.Headers.TryGetValues(name, out var values) || upstream.Content.Headers.TryGetValues(name, out values))
                    && !connection.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }
            context.Response.ContentLength = length;
            if (HttpMethods.IsHead(request.Method))
            {
                return;
            }
            await CopyBodyAsync(context, route, upstream, logger, deadline.Token);
        }
    }

    /// <summary>Copies the body, counting: past the route's size, a 502 if nothing was sent yet, else an aborted response.</summary>
    private static async Task CopyBodyAsync(HttpContext context, ProxyRoute route, HttpResponseMessage upstream, ILogger logger, CancellationToken deadline)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            await using var body = await upstream.Content.ReadAsStreamAsync(deadline);
            long total = 0;
            while (await body.ReadAsync(buffer, deadline) is var read && read > 0)
            {
                total += read;
                if (total > route.MaxResponseBodyBytes)
                {
                    ProxyLog.ResponseTooLarge(logger, route.Id, route.MaxResponseBodyBytes);
                    await TooLargeAsync(context, route);
                    return;
                }
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), deadline);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
            await TimedOutAsync(context, route, logger);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            ProxyLog.UpstreamUnreachable(logger, route.Id, "the response body failed: " + exception.GetType().Name);
            await FailAsync(context, StatusCodes.Status502BadGateway, $"The upstream of route \"{route.Id}\" failed while sending its response.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task TooLargeAsync(HttpContext context, ProxyRoute route) =>
        FailAsync(context, StatusCodes.Status502BadGateway,
            $"The upstream of route \"{route.Id}\" answered with more than {route.MaxResponseBodyBytes} bytes, the route's MaxResponseBodyBytes.");

    private static Task TimedOutAsync(HttpContext context, ProxyRoute route, ILogger logger)
    {
        ProxyLog.UpstreamTimedOut(logger, route.Id, route.Timeout);
        return FailAsync(context, StatusCodes.Status504GatewayTimeout,
            $"The upstream of route \"{route.Id}\" did not answer within {route.Timeout}, the route's Timeout.");
    }

    /// <summary>A problem if nothing was sent yet; otherwise the response is aborted, so the caller sees it fail rather than a short 200.</summary>
    private static Task FailAsync(HttpContext context, int status, string detail)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        context.Response.Clear();
        return Problem(context, status, detail);
    }

    private static Task Problem(HttpContext context, int status, string detail) =>
        Results.Problem(detail, statusCode: status).ExecuteAsync(context);

    private static OutboundAddressRefusedException? Refusal(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is OutboundAddressRefusedException refusal)
            {
                return refusal;
            }
        }
        return null;
    }
}

/// <summary>One validated route, as the proxy uses it.</summary>
internal sealed record ProxyRoute(
    string Id,
    Uri Upstream,
    FrozenSet<string> Methods,
    IReadOnlyList<string> RequestHeaders,
    long MaxResponseBodyBytes,
    TimeSpan Timeout,
    bool Internal);

/// <summary>
/// The routes in force, read once from the validated <see cref="ProxyOptions"/>. Each route opened to internal
/// addresses is logged when the table is first used.
/// </summary>
internal sealed class ProxyRouteTable
{
    private readonly FrozenDictionary<string, ProxyRoute> routes;

    public ProxyRouteTable(IOptions<ProxyOptions> options, ILoggerFactory loggers)
    {
        routes = options.Value.Routes
            .Where(pair => pair.Value is not null)
            .ToFrozenDictionary(
                pair => pair.Key,
                pair => new ProxyRoute(
                    pair.Key,
                    new Uri(pair.Value!.Upstream!, UriKind.Absolute),
                    pair.Value.Methods.ToFrozenSet(StringComparer.Ordinal),
                    [.. pair.Value.RequestHeaders],
                    pair.Value.MaxResponseBodyBytes,
                    pair.Value.Timeout,
                    pair.Value.Internal),
                StringComparer.Ordinal);
        var logger = loggers.CreateLogger(typeof(ProxyRoutes).FullName!);
        foreach (var route in routes.Values.Where(route => route.Internal).OrderBy(route => route.Id, StringComparer.Ordinal))
        {
            ProxyLog.InternalRoute(logger, route.Id);
        }
    }

    public IEnumerable<string> Ids => routes.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ProxyRoute route) => routes.TryGetValue(id, out route);
}
