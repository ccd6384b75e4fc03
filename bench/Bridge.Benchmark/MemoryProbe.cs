using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.Benchmark;

/// <summary>
/// Samples a Chromium page's memory while a workload runs in it, through the DevTools protocol: the V8 heap
/// (<c>Runtime.getHeapUsage</c>: used JS heap plus ArrayBuffer backing stores, where response chunks live; the JS
/// heap alone would miss them), and the resident memory of the browser's renderer processes from /proc. Same-site,
/// the relay frame shares the page's renderer and heap, and both sides are counted everywhere; cross-site, Chromium
/// runs the frame in a renderer of its own, which only the resident memory counts.
/// </summary>
internal sealed class MemoryProbe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly ICDPSession session;

    private MemoryProbe(ICDPSession session) => this.session = session;

    public static async Task<MemoryProbe> AttachAsync(IPage page) => new(await page.Context.NewCDPSessionAsync(page));

    /// <summary>
    /// Collects garbage and takes a baseline, runs <paramref name="workload"/> while sampling every 50 ms, then
    /// collects garbage again: the last sample shows what the workload left behind. Without
    /// <paramref name="collectBeforeEachSample"/> the peaks show what the page held at once, garbage included, as
    /// V8 schedules its collections; with it, each sample follows a full GC, so the peaks show only what was still
    /// reachable: a body buffered anywhere in the page or the relay would show there.
    /// </summary>
    public async Task<MemoryReading<T>> MeasureAsync<T>(Func<Task<T>> workload, bool collectBeforeEachSample)
    {
        await CollectGarbageAsync();
        var baseline = await SampleAsync();
        var peak = baseline;
        var samples = 1;
        var running = workload();
        using (var timer = new PeriodicTimer(Interval))
        {
            while (!running.IsCompleted)
            {
                if (collectBeforeEachSample)
                {
                    // Twice: V8 frees the backing stores of dead ArrayBuffers concurrently after a collection, and
                    // the next collection waits for that, so the sample sees them gone.
                    await CollectGarbageAsync();
                    await CollectGarbageAsync();
                }
                var sample = await SampleAsync();
                peak = MemorySample.Max(peak, sample);
                samples++;
                await Task.WhenAny(running, timer.WaitForNextTickAsync().AsTask());
            }
        }
        var result = await running;
        peak = MemorySample.Max(peak, await SampleAsync());
        await CollectGarbageAsync();
        var after = await SampleAsync();
        return new MemoryReading<T>(result, baseline, peak, after, samples);
    }

    private async Task CollectGarbageAsync() => await session.SendAsync("HeapProfiler.collectGarbage");

    private async Task<MemorySample> SampleAsync()
    {
        var usage = await session.SendAsync("Runtime.getHeapUsage") ?? throw new InvalidOperationException("Runtime.getHeapUsage returned nothing.");
        var used = usage.GetProperty("usedSize").GetDouble();
        var backing = usage.TryGetProperty("backingStorageSize", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetDouble() : 0;
        return new MemorySample(used, backing, RendererResidentBytes());
    }

    /// <summary>Resident bytes of this process's descendant Chromium renderers (0 where /proc is unavailable).</summary>
    private static double RendererResidentBytes() => ProcessTree.Descendants()
        .Where(process => process.CommandLine.Contains("--type=renderer", StringComparison.Ordinal))
        .Sum(process => ResidentBytes(process.Pid));

    private static double ResidentBytes(int pid)
    {
        var line = ProcessTree.Read($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return double.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * 1024 : 0;
    }
}

/// <summary>Bytes at one moment: the V8 heap in use, ArrayBuffer backing stores, and renderer resident memory.</summary>
internal sealed record MemorySample(double JsHeapBytes, double ArrayBufferBytes, double RendererResidentBytes)
{
    public double HeapBytes => JsHeapBytes + ArrayBufferBytes;

    /// <summary>Each measure's maximum on its own: the peaks need not be at the same moment.</summary>
    public static MemorySample Max(MemorySample a, MemorySample b) => new(
        Math.Max(a.JsHeapBytes, b.JsHeapBytes),
        Math.Max(a.ArrayBufferBytes, b.ArrayBufferBytes),
        Math.Max(a.RendererResidentBytes, b.RendererResidentBytes)) { PeakHeapBytes = Math.Max(a.PeakHeapBytes, b.PeakHeapBytes) };

    /// <summary>The largest JS heap + ArrayBuffers total seen in one sample.</summary>
    public double PeakHeapBytes { get; init; } = JsHeapBytes + ArrayBufferBytes;
}

internal sealed record MemoryReading<T>(T Result, MemorySample Baseline, MemorySample Peak, MemorySample After, int Samples);
