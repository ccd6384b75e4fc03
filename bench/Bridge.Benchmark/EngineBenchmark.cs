using System.Diagnostics;
using System.Globalization;
using Bridge.Benchmark.NavigationStart;
using Microsoft.Playwright;

namespace Bridge.Benchmark;

/// <summary>
/// Every workload in one engine, each run for every mechanism in turn (so a disturbance on the machine touches all
/// of them alike), each mechanism in a page of its own:
/// <list type="bullet">
/// <item><c>cors</c>: the browser's fetch to the service's /cors copy of the API (the baseline);</item>
/// <item><c>bridge</c>: bridge.fetch as it comes: small bodies inline, others as chunk messages;</item>
/// <item><c>bridge-streams</c>: bridge.fetch with <c>transferStreams: true</c>, bodies too large to come inline as transferred streams;</item>
/// <item><c>proxy</c>: the browser's fetch to the site's own ID-addressed proxy;</item>
/// <item><c>xdomain</c>: xdomain 0.8.2, the classic iframe relay, through the XMLHttpRequest it patches;</item>
/// <item><c>penpal</c>: a relay built on penpal 7 (Peers/), whole bodies as transferred ArrayBuffers.</item>
/// </list>
/// The peers (xdomain, penpal) do not stream: where a workload needs streaming, their cells say so.
/// </summary>
internal sealed class EngineBenchmark(IBrowser browser, string engine, BenchmarkServers servers, BenchmarkOptions options, int run)
{
    public static readonly IReadOnlyList<string> Mechanisms = ["cors", "bridge", "bridge-streams", "proxy", "xdomain", "penpal"];

    private static bool IsBridge(string mechanism) => mechanism.StartsWith("bridge", StringComparison.Ordinal);

    /// <summary>The mechanisms that answer with the whole body at once.</summary>
    private static readonly IReadOnlyList<string> Peers = MetricNames.Peers;

    private const string NoStreaming = "n/a (no streaming)";

    /// <summary>The mechanisms in the memory table: those that stream a body, and the peers, whose cells say they do not.</summary>
    private static readonly IReadOnlyList<string> MemoryMechanisms = ["cors", "bridge", "bridge-streams", .. Peers];

    private const string Hello = "/api/hello";
    private const string Echo = "/api/echo";
    private const string Slow = "/api/slow?ms=200";
    private const int KiB = 1024;
    private const int MiB = 1024 * 1024;

    /// <summary>The rounds a sequential workload is split into (Shares.Split), every mechanism running in each.</summary>
    private const int Rounds = 5;

    private readonly ResultTable table = new(Mechanisms, baseline: "cors");
    private readonly List<string> notes = [];

    public async Task<EngineReport> RunAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        PageEnvironment environment;
        var pages = new List<BenchmarkPage>();
        try
        {
            foreach (var mechanism in Mechanisms)
            {
                pages.Add(await BenchmarkPage.OpenAsync(browser, servers, mechanism));
                await pages[^1].WarmUpAsync();
                // Not timed: a mechanism that delivered wrong bodies or headers would have no place in the table.
                await pages[^1].RunAsync<bool>("check", new { });
            }
            environment = await pages[0].RunAsync<PageEnvironment>("environment", new { });
            await LatencyAsync(pages, MetricNames.Get, Hello, "GET", 0, options.Latency, options.Warmup);
            await LatencyAsync(pages, MetricNames.Post, Echo, "POST", KiB, options.Post, options.Warmup);
            await LatencyAsync(pages, MetricNames.NewUrlPost, Echo, "POST", KiB, options.Post, options.Warmup, distinctUrls: true);
            // The pages are warm already; a few calls warm the delayed path, each of which costs 20 to 40 ms.
            await LatencyAsync(pages, MetricNames.DelayedPost, $"{Echo}?{NetworkDelay.Query(NetworkDelay.Milliseconds)}", "POST", KiB,
                options.DelayedPost, Math.Min(options.Warmup, 5), distinctUrls: true);
            await DownloadAsync(pages, 1, options.SmallDownloads);
            await DownloadAsync(pages, 16, options.LargeDownloads);
            foreach (var inFlight in options.InFlight)
            {
                await ConcurrencyAsync(pages, inFlight);
            }
            await FirstByteAsync(pages);
            await ChunkShapesAsync(pages[0]);
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }
        }
        await FirstCallsAsync();
        await FirstCallsFromNavigationAsync();
        var memory = engine == "chromium" ? await MemoryAsync() : null;
        return new EngineReport(run, servers.Setup, engine, browser.Version, environment, table, memory, notes, stopwatch.Elapsed);
    }

    private async Task LatencyAsync(
        List<BenchmarkPage> pages, string label, string path, string method, int bodyBytes, int count, int warmupCount, bool distinctUrls = false)
    {
        if (count <= 0)
        {
            return;
        }
        Progress($"{label}, {count} sequential");
        var samples = Mechanisms.ToDictionary(mechanism => mechanism, _ => new List<double>());
        var corsPreflights = 0;
        foreach (var (round, share) in Shares.Split(count, Rounds).Index())
        {
            foreach (var page in pages)
            {
                var warmup = round == 0 ? warmupCount : 0;
                var preflightsBefore = servers.Preflights;
                samples[page.Mechanism].AddRange(await page.RunAsync<double[]>("latency", new { path, method, bodyBytes, warmup, count = share, distinctUrls }));
                corsPreflights += page.Mechanism == "cors" ? servers.Preflights - preflightsBefore : 0;
            }
        }
        if (corsPreflights > 0)
        {
            notes.Add($"{label}: cors sent {corsPreflights} CORS preflight{(corsPreflights == 1 ? "" : "s")} for {count + warmupCount} calls "
                + "(a browser caches a preflight per URL, for 5 s when the service sends no Access-Control-Max-Age).");
        }
        foreach (var (mechanism, series) in samples)
        {
            table.Set(new Metric(MetricNames.Median(label), Better.Lower), mechanism, Statistics.Median(series));
            table.Set(new Metric($"{label}: mean ms", Better.Lower), mechanism, series.Average());
            table.Set(new Metric($"{label}: p95 ms", Better.Lower), mechanism, Statistics.Percentile(series, 0.95));
        }
    }

    private async Task DownloadAsync(List<BenchmarkPage> pages, int mebibytes, int reps)
    {
        if (reps <= 0)
        {
            return;
        }
        var bytes = mebibytes * MiB;
        var path = $"/api/bytes?n={bytes}";
        Progress($"{mebibytes} MiB download x{reps}");
        var runs = Mechanisms.ToDictionary(mechanism => mechanism, _ => new List<DownloadRun>());
        for (var rep = 0; rep < reps; rep++)
        {
            foreach (var page in pages)
            {
                runs[page.Mechanism].AddRange(await page.RunAsync<DownloadRun[]>("download", new { path, bytes, reps = 1 }));
            }
        }
        foreach (var (mechanism, series) in runs)
        {
            table.Set(new Metric(MetricNames.DownloadRate(mebibytes), Better.Higher, 0), mechanism,
                Statistics.Median(series.Select(run => Rates.MegabytesPerSecond(bytes, run.Ms))));
            var chunk = new Metric($"GET {mebibytes} MiB: mean chunk the page reads, KiB", Better.None, 1);
            if (Peers.Contains(mechanism))
            {
                table.SetText(chunk, mechanism, NoStreaming);
            }
            else
            {
                table.Set(chunk, mechanism, series.Average(run => bytes / (double)run.Chunks) / KiB);
            }
        }
    }

    private async Task ConcurrencyAsync(List<BenchmarkPage> pages, int inFlight)
    {
        if (options.Concurrent <= 0)
        {
            return;
        }
        var label = MetricNames.Concurrency(options.Concurrent, inFlight);
        Progress($"{options.Concurrent} GETs, {inFlight} in flight");
        var elapsed = Mechanisms.ToDictionary(mechanism => mechanism, _ => 0.0);
        var failures = Mechanisms.ToDictionary(mechanism => mechanism, _ => 0);
        foreach (var share in Shares.Split(options.Concurrent, 2))
        {
            foreach (var page in pages)
            {
                var run = await page.RunAsync<ConcurrencyRun>("concurrency", new { path = Hello, total = share, inFlight });
                elapsed[page.Mechanism] += run.Ms;
                failures[page.Mechanism] += run.Failures;
            }
        }
        foreach (var mechanism in Mechanisms)
        {
            table.Set(new Metric(label, Better.Higher, 0), mechanism, Rates.PerSecond(options.Concurrent, elapsed[mechanism]));
            if (failures[mechanism] > 0)
            {
                notes.Add($"{mechanism}: {failures[mechanism]} of the {options.Concurrent} requests with {inFlight} in flight failed.");
            }
        }
    }

    private async Task FirstByteAsync(List<BenchmarkPage> pages)
    {
        if (options.FirstByte <= 0)
        {
            return;
        }
        var headers = new Metric($"Response (headers) of {Slow}: median ms", Better.Lower);
        var first = new Metric($"First chunk of {Slow}: median ms", Better.Lower);
        var whole = new Metric($"Whole body of {Slow} (sent 200 ms after the first chunk): median ms", Better.Lower);
        Progress($"first byte x{options.FirstByte}");
        var supported = new List<BenchmarkPage>();
        foreach (var page in pages)
        {
            if (Peers.Contains(page.Mechanism))
            {
                table.SetText(headers, page.Mechanism, NoStreaming);
                table.SetText(first, page.Mechanism, NoStreaming);
                table.SetText(whole, page.Mechanism, NoStreaming);
            }
            else if (await page.SupportsAsync(Slow))
            {
                supported.Add(page);
            }
            else
            {
                table.SetText(headers, page.Mechanism, "n/a (no route)");
                table.SetText(first, page.Mechanism, "n/a (no route)");
                table.SetText(whole, page.Mechanism, "n/a (no route)");
            }
        }
        var samples = supported.ToDictionary(page => page.Mechanism, _ => new List<FirstByteSample>());
        foreach (var share in Shares.Split(options.FirstByte, Rounds))
        {
            foreach (var page in supported)
            {
                samples[page.Mechanism].AddRange(await page.RunAsync<FirstByteSample[]>("firstByte", new { path = Slow, count = share }));
            }
        }
        foreach (var (mechanism, series) in samples)
        {
            table.Set(headers, mechanism, Statistics.Median(series.Select(sample => sample.Headers)));
            table.Set(first, mechanism, Statistics.Median(series.Select(sample => sample.First)));
            table.Set(whole, mechanism, Statistics.Median(series.Select(sample => sample.Total)));
        }
    }

    /// <summary>The first call on a fresh page pays for connections and, with bridge.fetch, for the relay: frame, handshake.</summary>
    private async Task FirstCallsAsync()
    {
        if (options.FreshPages <= 0)
        {
            return;
        }
        var first = new Metric(MetricNames.FirstCall, Better.Lower);
        var second = new Metric("Second call on that page: median ms", Better.Lower);
        var preconnected = new Metric("First call after bridge.preconnect (penpal: after its connection): median ms", Better.Lower);
        Progress($"first call on {options.FreshPages} fresh pages each");
        var calls = Mechanisms.ToDictionary(mechanism => mechanism, _ => new List<FirstCalls>());
        var afterPreconnect = Mechanisms.Where(CanOpenFirst).ToDictionary(mechanism => mechanism, _ => new List<FirstCalls>());
        for (var i = 0; i < options.FreshPages; i++)
        {
            foreach (var mechanism in Mechanisms)
            {
                await using var page = await BenchmarkPage.OpenAsync(browser, servers, mechanism);
                calls[mechanism].Add(await page.RunAsync<FirstCalls>("firstCalls", new { path = Hello, preconnect = false }));
                if (CanOpenFirst(mechanism))
                {
                    await using var warmed = await BenchmarkPage.OpenAsync(browser, servers, mechanism);
                    afterPreconnect[mechanism].Add(await warmed.RunAsync<FirstCalls>("firstCalls", new { path = Hello, preconnect = true }));
                }
            }
        }
        foreach (var (mechanism, series) in calls)
        {
            table.Set(first, mechanism, Statistics.Median(series.Select(call => call.First)));
            table.Set(second, mechanism, Statistics.Median(series.Select(call => call.Second)));
        }
        // CORS and the proxy have nothing to open beforehand: their cells are their plain first calls.
        table.Set(preconnected, "cors", Statistics.Median(calls["cors"].Select(call => call.First)));
        table.SetText(preconnected, "proxy", "n/a (nothing to open)");
        table.SetText(preconnected, "xdomain", "n/a (opens its frame at the first call)");
        foreach (var (mechanism, series) in afterPreconnect)
        {
            table.Set(preconnected, mechanism, Statistics.Median(series.Select(call => call.First)));
        }
    }

    /// <summary>The relays a page can open before its first call: the bridge's (bridge.preconnect) and penpal's, which connects as its script loads.</summary>
    private static bool CanOpenFirst(string mechanism) => IsBridge(mechanism) || mechanism == "penpal";

    /// <summary>
    /// The first call as a user meets it: a fresh page that loads the mechanism's client script with its other scripts
    /// and calls at its load event, timed from navigation start, so a relay that opens only at the first call pays for
    /// it here. Each round runs every mechanism in turn, as the other workloads do.
    /// </summary>
    private async Task FirstCallsFromNavigationAsync()
    {
        if (options.FreshPages <= 0)
        {
            return;
        }
        var metric = new Metric(MetricNames.FirstCallFromNavigation, Better.Lower);
        Progress($"first call from navigation start on {options.FreshPages} fresh pages each");
        var samples = Mechanisms.ToDictionary(mechanism => mechanism, _ => new List<double>());
        for (var i = 0; i < options.FreshPages; i++)
        {
            foreach (var mechanism in Mechanisms)
            {
                samples[mechanism].Add(await FirstCallFromNavigation.MeasureAsync(browser, servers, mechanism));
            }
        }
        foreach (var (mechanism, series) in samples)
        {
            table.Set(metric, mechanism, Statistics.Median(series));
        }
    }

    /// <summary>How the browser's fetch cuts a body: the chunked relay copies every chunk that is a view into a larger buffer.</summary>
    private async Task ChunkShapesAsync(BenchmarkPage corsPage)
    {
        var bytes = 16 * MiB;
        var shapes = await corsPage.RunAsync<ChunkShapes>("chunkShapes", new { url = $"{servers.ServiceOrigin}/cors/api/bytes?n={bytes}" });
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"The browser's fetch delivered 16 MiB in {shapes.Chunks} chunks of {shapes.MeanBytes / KiB:0.0} KiB on average; "
            + $"{shapes.Views} of them were views into a larger buffer (the relay copies those before sending them as chunk messages)."));
    }

    /// <summary>
    /// Peak memory while a large body is read with a reader and every chunk discarded, each mechanism on a fresh page
    /// with its relay already open: if a mechanism buffered the body, its peak would grow with the body's size.
    /// </summary>
    private async Task<ResultTable?> MemoryAsync()
    {
        int[] sizes = [.. new[] { options.MemorySmallMiB, options.MemoryLargeMiB }.Where(size => size > 0).Distinct()];
        if (sizes.Length == 0)
        {
            return null;
        }
        var memory = new ResultTable(MemoryMechanisms, baseline: "cors");
        foreach (var mebibytes in sizes)
        {
            var bytes = (long)mebibytes * MiB;
            var path = $"/api/bytes?n={bytes}";
            var prefix = $"{mebibytes} MiB body";
            var heapGarbageIncluded = new Metric($"{prefix}: peak growth of JS heap + ArrayBuffers, garbage included, MiB", Better.Lower, 1);
            var resident = new Metric(MetricNames.RendererPeak(mebibytes), Better.Lower, 1);
            var heapLive = new Metric($"{prefix}: peak growth of live JS heap + ArrayBuffers (GC before each sample), MiB", Better.Lower, 1);
            var largestChunk = new Metric($"{prefix}: largest chunk the page read (GC before each sample), MiB", Better.None, 1);
            var heapAfter = new Metric($"{prefix}: JS heap + ArrayBuffers left after the read and a GC, MiB", Better.Lower, 1);
            var rate = new Metric($"{prefix}: read at MB/s (no forced GC)", Better.Higher, 0);
            foreach (var mechanism in MemoryMechanisms)
            {
                if (Peers.Contains(mechanism))
                {
                    // A body read chunk by chunk and discarded is what this table measures; a peer holds it whole.
                    foreach (var metric in new[] { heapGarbageIncluded, resident, heapLive, largestChunk, heapAfter, rate })
                    {
                        memory.SetText(metric, mechanism, NoStreaming);
                    }
                    continue;
                }
                Progress($"memory while reading {mebibytes} MiB", mechanism);
                await using var page = await BenchmarkPage.OpenAsync(browser, servers, mechanism);
                await page.WarmUpAsync();
                var probe = await MemoryProbe.AttachAsync(page.Page);
                Task<DownloadRun[]> Read() => page.RunAsync<DownloadRun[]>("download", new { path, bytes, reps = 1 });
                var asItRuns = await probe.MeasureAsync(Read, collectBeforeEachSample: false);
                var live = await probe.MeasureAsync(Read, collectBeforeEachSample: true);
                memory.Set(heapGarbageIncluded, mechanism, (asItRuns.Peak.PeakHeapBytes - asItRuns.Baseline.HeapBytes) / MiB);
                memory.Set(resident, mechanism, (asItRuns.Peak.RendererResidentBytes - asItRuns.Baseline.RendererResidentBytes) / MiB);
                memory.Set(heapLive, mechanism, (live.Peak.PeakHeapBytes - live.Baseline.HeapBytes) / MiB);
                memory.Set(largestChunk, mechanism, live.Result[0].Largest / (double)MiB);
                memory.Set(heapAfter, mechanism, (asItRuns.After.HeapBytes - asItRuns.Baseline.HeapBytes) / MiB);
                memory.Set(rate, mechanism, Rates.MegabytesPerSecond(bytes, asItRuns.Result[0].Ms));
            }
        }
        return memory;
    }

    private void Progress(string step, string? mechanism = null) =>
        Console.Error.WriteLine(mechanism is null
            ? $"[run {run}, {servers.Setup.Name}-site, {engine}] {step}"
            : $"[run {run}, {servers.Setup.Name}-site, {engine}] {mechanism}: {step}");
}

internal sealed record PageEnvironment(string UserAgent, bool TransferableStreams);

internal sealed record DownloadRun(double Ms, int Chunks, int Largest);

internal sealed record ConcurrencyRun(double Ms, int Failures);

internal sealed record FirstByteSample(double Headers, double First, double Total);

internal sealed record FirstCalls(double First, double Second);

internal sealed record ChunkShapes(int Chunks, double MeanBytes, int Views);

/// <summary>One engine's tables from one run in one site setup.</summary>
internal sealed record EngineReport(
    int Run,
    SiteSetup Site,
    string Engine,
    string Version,
    PageEnvironment Environment,
    ResultTable Workloads,
    ResultTable? Memory,
    IReadOnlyList<string> Notes,
    TimeSpan Elapsed);
