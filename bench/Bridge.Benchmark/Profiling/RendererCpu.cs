using Microsoft.Playwright;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// The CPU time each of a mechanism's frames' renderers spent over a pass, from the DevTools protocol's performance
/// metrics in thread ticks: exact sums, not samples, and without the time a renderer waited for a core, which the
/// sampling profiler counts. Cross-site, the relay frame's renderer is a process of its own.
/// </summary>
internal sealed class RendererCpu
{
    private readonly IReadOnlyList<(string Name, ICDPSession Session, Metrics Before)> frames;

    private RendererCpu(IReadOnlyList<(string, ICDPSession, Metrics)> frames) => this.frames = frames;

    public static async Task<RendererCpu> StartAsync(MechanismFrames frames)
    {
        var started = new List<(string, ICDPSession, Metrics)>();
        foreach (var (name, session) in await frames.OpenCdpSessionsAsync())
        {
            await session.SendAsync("Performance.enable", new() { ["timeDomain"] = "threadTicks" });
            started.Add((name, session, await Metrics.ReadAsync(session)));
        }
        return new RendererCpu(started);
    }

    /// <summary>Each frame's CPU per call since the start, over <paramref name="calls"/> calls.</summary>
    public async Task<IReadOnlyList<FrameCpu>> StopAsync(int calls)
    {
        var result = new List<FrameCpu>();
        foreach (var (name, session, before) in frames)
        {
            var after = await Metrics.ReadAsync(session);
            double PerCall(Func<Metrics, double> seconds) => (seconds(after) - seconds(before)) * 1000 / calls;
            result.Add(new FrameCpu(name, PerCall(m => m.ThreadTime), PerCall(m => m.ProcessTime), PerCall(m => m.TaskDuration)));
            await session.DetachAsync();
        }
        return result;
    }

    private sealed record Metrics(double ThreadTime, double ProcessTime, double TaskDuration)
    {
        public static async Task<Metrics> ReadAsync(ICDPSession session)
        {
            var reply = await session.SendAsync("Performance.getMetrics") ?? throw new InvalidOperationException("Performance.getMetrics returned nothing.");
            var values = reply.GetProperty("metrics").EnumerateArray()
                .ToDictionary(metric => metric.GetProperty("name").GetString()!, metric => metric.GetProperty("value").GetDouble());
            double Read(string name) => values.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"Performance.getMetrics has no {name}.");
            return new Metrics(Read("ThreadTime"), Read("ProcessTime"), Read("TaskDuration"));
        }
    }
}

/// <summary>One frame's CPU per call, ms: its renderer's main thread, the whole renderer process, and the main thread's tasks.</summary>
internal sealed record FrameCpu(string Frame, double ThreadMs, double ProcessMs, double TaskMs)
{
    /// <summary>Per frame, the median of each figure over the rounds (each round one list of the same frames).</summary>
    public static IReadOnlyList<FrameCpu> Medians(IReadOnlyList<IReadOnlyList<FrameCpu>> rounds) =>
    [
        .. rounds[0].Select((first, index) => new FrameCpu(
            first.Frame,
            Statistics.Median([.. rounds.Select(round => round[index].ThreadMs)]),
            Statistics.Median([.. rounds.Select(round => round[index].ProcessMs)]),
            Statistics.Median([.. rounds.Select(round => round[index].TaskMs)]))),
    ];
}
