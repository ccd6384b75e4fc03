using System.Globalization;
using System.Text;
using Bridge.Benchmark.Peers;

namespace Bridge.Benchmark;

/// <summary>The markdown report: how the run was made, then one table per engine, and Chromium's memory table.</summary>
internal static class Report
{
    /// <summary>The machine's one-minute load average (Linux), to tell a quiet run from a disturbed one.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string Render(
        BenchmarkOptions options,
        BenchmarkServers servers,
        PeerScripts peers,
        IReadOnlyList<EngineReport> engines,
        TimeSpan elapsed,
        (double? Start, double? End) load)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine("# Bridge benchmark").AppendLine();
        text.AppendLine(invariant, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, "
            + $"run took {elapsed.TotalSeconds:0} s. The service ({servers.ServiceOrigin}) and the site ({servers.PageOrigin}, "
            + $"{(options.CrossSite ? "another site" : "the same site, another port")}) run in the benchmark's process on the same machine as the browser.");
        text.AppendLine(invariant, $"Counts: {options.Latency} GET and {options.Post} POST after {options.Warmup} warm-up each; "
            + $"1 MiB x{options.SmallDownloads}, 16 MiB x{options.LargeDownloads}; {options.Concurrent} GET with {options.InFlight} in flight; "
            + $"{options.FirstByte} slow requests; {options.FreshPages} fresh pages. "
            + $"Load average (1 min) {load.Start?.ToString("0.00", invariant) ?? "n/a"} at the start, {load.End?.ToString("0.00", invariant) ?? "n/a"} at the end.");
        text.AppendLine("Times are measured in the page with performance.now(), from the call to the body read to its end. "
            + "A ratio is the value divided by cors's value from the same run: on a ms row 1.50x is half again as long, "
            + "on a MB/s or requests/s row half again as much. MB = 10^6 bytes.");
        text.AppendLine("The peers' client scripts, gzip at the highest level (KB = 1,000 bytes): "
            + string.Join("; ", peers.ClientScripts.Select(script => string.Create(invariant, $"{script.Name} {script.GzipBytes() / 1000.0:0.00} KB"))) + ".");
        foreach (var engine in engines)
        {
            text.AppendLine();
            text.AppendLine(invariant, $"## {engine.Engine} {engine.Version}").AppendLine();
            text.AppendLine(invariant, $"bridge.fetch bodies: {(engine.Environment.TransferableStreams ? "transferred streams (bridge), chunk messages (bridge-chunked)" : "chunk messages in both bridge columns: this browser cannot transfer streams")}. "
                + $"{engine.Elapsed.TotalSeconds:0} s.").AppendLine();
            text.Append(engine.Workloads.Render());
            foreach (var note in engine.Notes)
            {
                text.AppendLine().AppendLine(note);
            }
            text.AppendLine();
            if (engine.Memory is { } memory)
            {
                text.AppendLine(invariant, $"### {engine.Engine}: memory while a large body is read chunk by chunk and discarded").AppendLine();
                text.AppendLine("Sampled every 50 ms over the DevTools protocol (Runtime.getHeapUsage: JS heap plus ArrayBuffer backing stores, "
                    + "page and relay frame together) and /proc (resident memory of the renderer processes), against a baseline taken after a GC.")
                    .AppendLine();
                text.Append(memory.Render());
            }
            else
            {
                text.AppendLine(invariant, $"Memory: n/a in {engine.Engine} (no page heap API; measured in Chromium only).");
            }
        }
        return text.ToString();
    }
}
