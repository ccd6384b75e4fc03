using System.Globalization;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// What the profiling mode runs in each page, once profiled and once counting messages: sequential GET /api/hello,
/// sequential 1 KiB POST /api/echo (each after its warm-up, which counts as calls too), then GET /api/hello with
/// <see cref="InFlight"/> in flight. The counts are the benchmark's options (--warmup, --latency, --post,
/// --concurrent, the first --in-flight).
/// </summary>
internal sealed record ProfileWorkload(int Warmup, int Latency, int Post, int Concurrent, int InFlight)
{
    public static ProfileWorkload From(BenchmarkOptions options) =>
        new(options.Warmup, options.Latency, options.Post, options.Concurrent, options.InFlight[0]);

    /// <summary>Every call one pass makes.</summary>
    public int Calls => Warmup + Latency + Warmup + Post + Concurrent;

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{Warmup} + {Latency} sequential GET /api/hello, {Warmup} + {Post} sequential 1 KiB POST /api/echo, "
        + $"{Concurrent} GET /api/hello with {InFlight} in flight: {Calls:N0} calls");

    /// <summary>Runs one pass; returns how many of the calls in flight failed (the sequential ones throw).</summary>
    public async Task<int> RunAsync(BenchmarkPage page)
    {
        await page.RunAsync<double[]>("latency", new { path = "/api/hello", method = "GET", bodyBytes = 0, warmup = Warmup, count = Latency, distinctUrls = false });
        await page.RunAsync<double[]>("latency", new { path = "/api/echo", method = "POST", bodyBytes = 1024, warmup = Warmup, count = Post, distinctUrls = false });
        var concurrency = await page.RunAsync<ConcurrencyRun>("concurrency", new { path = "/api/hello", total = Concurrent, inFlight = InFlight });
        return concurrency.Failures;
    }
}
