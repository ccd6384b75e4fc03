using System.Collections.Concurrent;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// Endpoints the security tests add to the service (never part of the product). The ones under <c>/api/open/</c>
/// are inside the restricted site's paths (<c>/api/open/**</c>); <c>/test/outside/</c> is inside no site's paths.
/// </summary>
public static class PolicyTestEndpoints
{
    /// <summary>A response twice the restricted site's response limit, with its Content-Length.</summary>
    public const string BigPath = "/api/open/big";

    /// <summary>The same bytes streamed without a Content-Length, so only counting them finds the excess.</summary>
    public const string BigStreamPath = "/api/open/big-stream";

    /// <summary><c>{RedirectOutPath}/{marker}</c> redirects (302) to <c>{OutsidePath}/{marker}</c>.</summary>
    public const string RedirectOutPath = "/api/open/redirect-out";

    /// <summary><c>{OutsidePath}/{marker}</c>: a real endpoint (200) that no site's paths include.</summary>
    public const string OutsidePath = "/test/outside";

    /// <summary><c>{GatePath}/{marker}</c> answers only when the test opens the gate (<see cref="ResponseGates"/>).</summary>
    public const string GatePath = "/api/open/gate";

    /// <summary>
    /// <c>{CorsPath}/{marker}</c>: answers any origin with CORS headers that grant every request header, so that only
    /// the host stands between a page on another origin and a request carrying <c>Bridge-Relay-Origin</c> (the host
    /// refuses that preflight before it reaches this endpoint).
    /// </summary>
    public const string CorsPath = "/api/open/cors";

    /// <summary>
    /// <c>{MethodOverridePath}/{marker}</c>: a service that honours <c>X-HTTP-Method-Override</c>
    /// (<c>UseHttpMethodOverride</c>), answering and recording the method its handler ran as (<see cref="HandlerCalls"/>).
    /// </summary>
    public const string MethodOverridePath = "/api/override";

    /// <summary><c>{MethodOverrideFormPath}/{marker}</c>: the same, taking the method from the form field <c>_method</c>.</summary>
    public const string MethodOverrideFormPath = "/api/override-form";

    /// <summary>A response with headers no site exposes by default, a cookie, and the safelisted ones.</summary>
    public const string HeadersPath = "/api/open/headers";

    /// <summary>
    /// <c>{CachePath}/heuristic/{marker}</c> (cacheable without cache headers: an old Last-Modified) and
    /// <c>{CachePath}/max-age/{marker}</c> (<c>Cache-Control: max-age=600</c>): JSON naming the <c>session</c> cookie
    /// the request carried (or null) and an answer id new on every response, so a cached answer shows as a repeat.
    /// </summary>
    public const string CachePath = "/api/open/cache";

    public const int BigSize = 2 * BridgeServers.RestrictedMaxResponseBodyBytes;

    public static void Map(WebApplication app, ResponseGates gates, HandlerCalls handled)
    {
        // Branches, not endpoints: the override must run before the handler is chosen, and routing runs first here.
        app.Map(new PathString(MethodOverridePath), branch =>
        {
            branch.UseHttpMethodOverride();
            branch.Run(context => Handle(context, handled));
        });
        app.Map(new PathString(MethodOverrideFormPath), branch =>
        {
            branch.UseHttpMethodOverride(new HttpMethodOverrideOptions { FormFieldName = "_method" });
            branch.Run(context => Handle(context, handled));
        });
        var big = new byte[BigSize];
        Array.Fill(big, (byte)'b');
        app.MapGet(BigPath, () => Results.Bytes(big, "application/octet-stream"));
        app.MapGet(BigStreamPath, () => Results.Stream(async stream =>
        {
            // Two writes with a flush between them: chunked transfer encoding, no Content-Length.
            await stream.WriteAsync(big.AsMemory(0, BigSize / 2));
            await stream.FlushAsync();
            await stream.WriteAsync(big.AsMemory(BigSize / 2));
        }, "application/octet-stream"));
        app.MapGet(RedirectOutPath + "/{marker}", (string marker) => Results.Redirect($"{OutsidePath}/{marker}"));
        app.MapGet(OutsidePath + "/{marker}", (string marker) => Results.Text($"outside {marker}"));
        app.MapMethods(CorsPath + "/{marker}", [HttpMethods.Options], (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = context.Request.Headers.Origin;
            headers.AccessControlAllowMethods = "GET";
            headers.AccessControlAllowHeaders = context.Request.Headers.AccessControlRequestHeaders;
            return Results.NoContent();
        });
        app.MapGet(CorsPath + "/{marker}", (HttpContext context, string marker) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin;
            return Results.Text($"cors {marker}");
        });
        app.MapGet(HeadersPath, (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers["X-Secret"] = "internal";
            headers.ETag = "\"v1\"";
            headers.SetCookie = "session=from-the-service; Path=/";
            headers.CacheControl = "no-cache";
            return Results.Text("headers");
        });
        app.MapGet(CachePath + "/{kind}/{marker}", (HttpContext context, string kind) =>
        {
            var headers = context.Response.Headers;
            if (kind == "max-age")
            {
                headers.CacheControl = "max-age=600";
            }
            else
            {
                headers.LastModified = DateTimeOffset.UtcNow.AddDays(-30).ToString("R");
            }
            return Results.Json(new { cookie = context.Request.Cookies["session"], answer = Guid.NewGuid().ToString("N") });
        });
        app.MapGet(GatePath + "/{marker}", async (string marker, CancellationToken aborted) =>
        {
            await gates.WaitAsync(marker, aborted);
            return Results.Text($"released {marker}");
        });
    }

    private static Task Handle(HttpContext context, HandlerCalls handled)
    {
        var call = $"{context.Request.Method} {context.Request.PathBase}{context.Request.Path}";
        handled.Record(call);
        return context.Response.WriteAsync(call);
    }
}

/// <summary>What the method-override handlers ran: <c>METHOD /path</c>, recorded as the handler starts.</summary>
public sealed class HandlerCalls
{
    private readonly ConcurrentQueue<string> calls = new();

    public void Record(string call) => calls.Enqueue(call);

    /// <summary>The calls whose target contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<string> Matching(string marker) => [.. calls.Where(call => call.Contains(marker, StringComparison.Ordinal))];
}

/// <summary>
/// Holds responses of <see cref="PolicyTestEndpoints.GatePath"/> until the test opens their gate, so a call stays
/// pending for exactly as long as a test needs, without any timing.
/// </summary>
public sealed class ResponseGates
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new(StringComparer.Ordinal);

    public void Open(string marker) => Gate(marker).TrySetResult();

    internal Task WaitAsync(string marker, CancellationToken aborted) => Gate(marker).Task.WaitAsync(Limit, aborted);

    private TaskCompletionSource Gate(string marker) =>
        gates.GetOrAdd(marker, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
