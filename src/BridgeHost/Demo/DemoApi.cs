using System.Globalization;
using Bridge.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bridge.Demo;

/// <summary>The demo service's API. Tests and the benchmark depend on these paths and shapes.</summary>
internal static class DemoApi
{
    private const int MaxEchoBody = 32 * 1024 * 1024;
    private const long MaxBytes = 256L * 1024 * 1024;
    private const int MaxSlowMs = 60_000;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/hello", () => Results.Json(new { message = "Hello from the Bridge demo service" }));
        api.Map("/echo", Echo);
        api.MapGet("/bytes", Bytes);
        api.MapGet("/status/{code:int}", Status);
        api.MapGet("/slow", Slow);
        api.MapGet("/redirect", Redirect);
    }

    /// <summary>Describes the request as the service received it.</summary>
    private static async Task<IResult> Echo(HttpRequest request, CancellationToken aborted)
    {
        if (request.ContentLength > MaxEchoBody)
        {
            return Results.Problem($"The echo endpoint takes at most {MaxEchoBody} bytes.", statusCode: 413);
        }
        var sizeLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = MaxEchoBody;
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, aborted);
        return Results.Json(new
        {
            method = request.Method,
            path = request.Path.Value,
            query = request.QueryString.Value ?? "",
            headers = request.Headers
                .Where(header => !header.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToArray()),
            body = Convert.ToBase64String(body.GetBuffer(), 0, (int)body.Length),
            cookies = request.Cookies.Keys.Order(StringComparer.Ordinal).ToArray(),
        });
    }

    /// <summary>N bytes where byte i is i % 251, streamed.</summary>
    private static IResult Bytes(long n)
    {
        if (n < 0 || n > MaxBytes)
        {
            return Results.Problem($"n must be between 0 and {MaxBytes}.", statusCode: 400);
        }
        return Results.Stream(async stream =>
        {
            var chunk = new byte[64 * 1024];
            for (long written = 0; written < n;)
            {
                var count = (int)Math.Min(chunk.Length, n - written);
                for (var i = 0; i < count; i++)
                {
                    chunk[i] = (byte)((written + i) % 251);
                }
                await stream.WriteAsync(chunk.AsMemory(0, count));
                written += count;
            }
        }, "application/octet-stream");
    }

    private static IResult Status(int code)
    {
        if (code < 200 || code > 599)
        {
            return Results.Problem("code must be between 200 and 599.", statusCode: 400);
        }
        return code is 204 or 205 or 304
            ? Results.StatusCode(code)
            : Results.Text(string.Create(CultureInfo.InvariantCulture, $"status {code}"), "text/plain", statusCode: code);
    }

    /// <summary>
    /// Sends a first line at once, waits <paramref name="ms"/> milliseconds, then sends the last line; with
    /// <c>before=true</c> it waits before sending anything, headers included; with <c>declared=true</c> the headers
    /// declare the body's length (a small one), as a proxy passing on a slow upstream's answer does.
    /// </summary>
    private static async Task Slow(HttpContext context, int ms, bool before = false, bool declared = false)
    {
        const string First = "first\n";
        const string Last = "last\n";
        if (ms < 0 || ms > MaxSlowMs)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($"ms must be between 0 and {MaxSlowMs}.");
            return;
        }
        if (before)
        {
            await Task.Delay(ms, context.RequestAborted);
            ms = 0;
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (declared)
        {
            context.Response.ContentLength = First.Length + Last.Length;
        }
        await context.Response.WriteAsync(First, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Task.Delay(ms, context.RequestAborted);
        await context.Response.WriteAsync(Last, context.RequestAborted);
    }

    /// <summary>Redirects to <paramref name="to"/>, a path on this service (never elsewhere), with a 3xx status.</summary>
    private static IResult Redirect(HttpResponse response, string to, int status = 302)
    {
        if (!LocalPath.IsLocal(to))
        {
            return Results.Problem("to must be a path on this service.", statusCode: 400);
        }
        if (status is not (301 or 302 or 303 or 307 or 308))
        {
            return Results.Problem("status must be 301, 302, 303, 307 or 308.", statusCode: 400);
        }
        response.Headers.Location = to;
        return Results.StatusCode(status);
    }
}
