using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// Counts the messages each of a mechanism's frames posts (count-messages.js), and reads bridge's relay counters
/// (<c>window.bridgeRelayStats</c>) before and after. Not while profiling: the wrapper costs time of its own.
/// </summary>
internal sealed class MessageCounter
{
    private static readonly Lazy<string> Script = new(() => System.Text.Encoding.UTF8.GetString(EmbeddedScripts.Read("Bridge.Benchmark.Profiling.count-messages.js")));

    private readonly MechanismFrames frames;
    private readonly RelayCounters? before;

    private MessageCounter(MechanismFrames frames, RelayCounters? before)
    {
        this.frames = frames;
        this.before = before;
    }

    public static async Task<MessageCounter> InstallAsync(MechanismFrames frames)
    {
        foreach (var (_, frame) in frames.All)
        {
            await frame.EvaluateAsync(Script.Value);
        }
        return new MessageCounter(frames, await RelayCountersAsync(frames));
    }

    /// <summary>What was posted since the counter was installed, over <paramref name="calls"/> calls.</summary>
    public async Task<MessageCounts> ReadAsync(int calls)
    {
        var pagePosts = await PostsAsync(frames.Page.MainFrame);
        var relayPosts = frames.Relay is null ? PortPosts.None : await PostsAsync(frames.Relay);
        var after = await RelayCountersAsync(frames);
        return new MessageCounts(calls, pagePosts, relayPosts, after is null || before is null ? null : after.Since(before));
    }

    private static async Task<PortPosts> PostsAsync(IFrame frame)
    {
        var counts = await frame.EvaluateAsync<JsonElement>("() => ({ ...window.benchmarkPortPosts })");
        return new PortPosts(counts.GetProperty("posts").GetInt32(), counts.GetProperty("bytes").GetDouble());
    }

    /// <summary>Bridge's relay counters, or null where the relay frame is not bridge's.</summary>
    private static async Task<RelayCounters?> RelayCountersAsync(MechanismFrames frames)
    {
        if (frames.Relay is null)
        {
            return null;
        }
        var counters = await frames.Relay.EvaluateAsync<JsonElement>(
            "() => window.bridgeRelayStats ? { ...window.bridgeRelayStats } : null");
        return counters.ValueKind == JsonValueKind.Object
            ? new RelayCounters(
                counters.GetProperty("relayedRequests").GetInt32(),
                counters.GetProperty("inlineBodies").GetInt32(),
                counters.GetProperty("chunkedBodies").GetInt32())
            : null;
    }
}
