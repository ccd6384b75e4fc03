using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Bridge.Benchmark;

/// <summary>
/// Network latency emulated in the benchmark's service: a request whose query carries <c>net=MS</c> is answered MS
/// milliseconds late, CORS preflights included (their URL carries the query too) and the relay's own same-origin
/// fetch alike. The browsers' network emulation cannot stand in: it does not cover the relay frame.
/// </summary>
internal static class NetworkDelay
{
    /// <summary>The delay of the latency workload: a round trip to a service on the same continent.</summary>
    public const int Milliseconds = 20;

    private const int MaxMilliseconds = 10_000;

    /// <summary>The query parameter that asks for the delay, to append to a path.</summary>
    public static string Query(int milliseconds) => string.Create(CultureInfo.InvariantCulture, $"net={milliseconds}");

    /// <summary>Waits as the request asks, or answers 400 to a <c>net</c> value that is not a delay in range.</summary>
    public static async Task HandleAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Query.TryGetValue("net", out var values))
        {
            if (values.Count != 1
                || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                || milliseconds > MaxMilliseconds)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            await Task.Delay(milliseconds, context.RequestAborted);
        }
        await next();
    }
}
