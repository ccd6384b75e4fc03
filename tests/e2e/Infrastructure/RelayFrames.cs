using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>What the relay frame counts (<c>window.bridgeRelayStats</c>).</summary>
public sealed record RelayStats(int IgnoredMessages, int RefusedRequests, int RelayedRequests);

/// <summary>How the relay frame sent its response bodies, as it counts them (<c>window.bridgeRelayStats</c>).</summary>
public sealed record RelayBodies(int InlineBodies, int ChunkedBodies, int TransferredBodies);

/// <summary>Finding relay frames in a page with Playwright, and reading or probing them.</summary>
public static class RelayFrames
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The relay page's URL without a page origin: the forwarding page of clients that predate the origin.</summary>
    public static string RelayUrl(this BridgeServers servers) => servers.ServiceOrigin + "/bridge/relay.html";

    /// <summary>The relay page of <paramref name="serviceOrigin"/> for a page on <paramref name="pageOrigin"/> (docs/relay-url.md).</summary>
    public static string RelayUrl(string serviceOrigin, string pageOrigin) =>
        $"{serviceOrigin}/bridge/relay.html?origin={Uri.EscapeDataString(pageOrigin)}";

    /// <summary>The one frame of the page (any depth) whose document is the relay at <paramref name="relayUrl"/>.</summary>
    public static IFrame SingleRelay(this IPage page, string relayUrl) =>
        Assert.Single(page.Frames, frame => frame.Url == relayUrl);

    /// <summary>How many frames of the page hold a live relay document (one that publishes its stats).</summary>
    public static async Task<int> LiveRelayCountAsync(this IPage page)
    {
        var count = 0;
        foreach (var frame in page.Frames)
        {
            try
            {
                if (await frame.EvaluateAsync<bool>("() => typeof window.bridgeRelayStats === 'object'"))
                {
                    count++;
                }
            }
            catch (PlaywrightException)
            {
                // A browser error page (e.g. the frame the CSP refused) may not take scripts at all: not a relay.
            }
        }
        return count;
    }

    public static async Task<RelayStats> StatsAsync(this IFrame relay)
    {
        var stats = await relay.EvaluateAsync<JsonElement>("() => ({ ...window.bridgeRelayStats })");
        return stats.Deserialize<RelayStats>(Json)!;
    }

    public static async Task<RelayBodies> BodiesAsync(this IFrame relay)
    {
        var stats = await relay.EvaluateAsync<JsonElement>("() => ({ ...window.bridgeRelayStats })");
        return stats.Deserialize<RelayBodies>(Json)!;
    }

    /// <summary>
    /// The body counters summed over the page's frames at <paramref name="relayUrl"/>: a configure that changed the
    /// settings closed the relay opened as bridge.js loaded, whose frame Firefox may still list for a moment, and which
    /// sent nothing.
    /// </summary>
    public static async Task<RelayBodies> BodiesOfRelaysAsync(this IPage page, string relayUrl)
    {
        var sum = new RelayBodies(0, 0, 0);
        foreach (var relay in page.Frames.Where(frame => frame.Url == relayUrl))
        {
            try
            {
                var bodies = await relay.BodiesAsync();
                sum = new RelayBodies(
                    sum.InlineBodies + bodies.InlineBodies,
                    sum.ChunkedBodies + bodies.ChunkedBodies,
                    sum.TransferredBodies + bodies.TransferredBodies);
            }
            catch (PlaywrightException)
            {
                // The closed relay's frame, gone while it was asked.
            }
        }
        return sum;
    }

    /// <summary>Installs the probe of PageScripts/install-relay-probe.js in the relay frame.</summary>
    public static Task ProbeAsync(this IFrame relay) => relay.EvaluateAsync(PageScripts.Load("install-relay-probe"));

    /// <summary>Completes once the relay's own listener has run for <paramref name="count"/> messages since the probe.</summary>
    public static Task ArrivedAsync(this IFrame relay, int count) => relay.EvaluateAsync("n => window.arrived(n)", count);

    /// <summary>Uncaught errors and unhandled rejections in the relay frame since the probe.</summary>
    public static Task<string[]> ErrorsAsync(this IFrame relay) => relay.EvaluateAsync<string[]>("() => window.relayErrors");

    /// <summary>Whether <c>Object.prototype</c> is untouched in the frame (nothing set <c>polluted</c> on it).</summary>
    public static Task<bool> UnpollutedAsync(this IFrame frame) =>
        frame.EvaluateAsync<bool>("() => ({}).polluted === undefined && !('polluted' in Object.prototype) && Object.getPrototypeOf({}) === Object.prototype");
}
