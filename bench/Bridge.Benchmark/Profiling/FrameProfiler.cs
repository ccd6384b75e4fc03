using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// V8's sampling CPU profiler in each of a mechanism's frames at once, through the DevTools protocol. Cross-site,
/// Chromium runs the relay frame in a renderer of its own, so it has a session and a profile of its own.
/// </summary>
internal sealed class FrameProfiler
{
    /// <summary>A sample every 100 µs: V8's default is 1 ms, too coarse for calls that take a fraction of a millisecond.</summary>
    public const int SamplingIntervalMicroseconds = 100;

    private readonly IReadOnlyList<(string Name, ICDPSession Session)> sessions;

    private FrameProfiler(IReadOnlyList<(string Name, ICDPSession Session)> sessions) => this.sessions = sessions;

    public static async Task<FrameProfiler> StartAsync(MechanismFrames frames)
    {
        var sessions = await frames.OpenCdpSessionsAsync();
        foreach (var (_, session) in sessions)
        {
            await session.SendAsync("Profiler.enable");
            await session.SendAsync("Profiler.setSamplingInterval", new() { ["interval"] = SamplingIntervalMicroseconds });
            await session.SendAsync("Profiler.start");
        }
        return new FrameProfiler(sessions);
    }

    /// <summary>Stops every profiler: each frame's name and its profile, in the .cpuprofile format DevTools loads.</summary>
    public async Task<IReadOnlyList<(string Frame, JsonElement Profile)>> StopAsync()
    {
        var profiles = new List<(string, JsonElement)>();
        foreach (var (name, session) in sessions)
        {
            var result = await session.SendAsync("Profiler.stop") ?? throw new InvalidOperationException($"Profiler.stop returned nothing in the {name} frame.");
            profiles.Add((name, result.GetProperty("profile").Clone()));
            await session.DetachAsync();
        }
        return profiles;
    }
}
