using System.Text.Json;
using Bridge.Benchmark.Profiling;

namespace Bridge.Benchmark.Tests;

/// <summary>
/// The profiling mode's arithmetic: a DevTools CPU profile summed per call (<see cref="CpuProfileSummary"/>) and the
/// messages counted per call (<see cref="MessageCounts"/>), and the renderer CPU's medians over rounds (<see cref="FrameCpu"/>).
/// </summary>
public sealed class ProfileSummaryTests
{
    private const string BridgeScript = "http://localhost:5000/bridge/bridge.js";

    /// <summary>
    /// A page's profile made by hand, in the shape Profiler.stop returns. Under (root): the engine's pseudo-nodes;
    /// bridge.js's <c>call</c>, which calls the native postMessage (itself calling the native <c>clone</c>) and
    /// bridge.js's <c>read</c>, whose node V8 left without its script's URL, and a function of a script without a URL
    /// (as Playwright evaluates them), called back from bridge.js, which calls postMessage too; and the harness's
    /// <c>worker</c>, which calls the native fetch.
    /// Each sample lasts until the next (the first delta, before any sample, counts for nothing; the last sample lasts
    /// until endTime), in µs: idle 5000, (program) 300, GC 200, call 250 + 150, postMessage 600 under bridge.js and 20
    /// under Playwright's script, clone 50, read 100, worker 150, fetch 700, evaluate 30.
    /// </summary>
    private const string PageProfile = $$"""
        {
          "nodes": [
            { "id": 1, "callFrame": { "functionName": "(root)", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "hitCount": 0, "children": [2, 3, 4, 5, 6] },
            { "id": 2, "callFrame": { "functionName": "(program)", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "hitCount": 1 },
            { "id": 3, "callFrame": { "functionName": "(idle)", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "hitCount": 1 },
            { "id": 4, "callFrame": { "functionName": "(garbage collector)", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "hitCount": 1 },
            { "id": 5, "callFrame": { "functionName": "call", "scriptId": "7", "url": "{{BridgeScript}}", "lineNumber": 0, "columnNumber": 99 }, "hitCount": 2, "children": [7, 8, 10] },
            { "id": 7, "callFrame": { "functionName": "postMessage", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "hitCount": 1, "children": [9] },
            { "id": 9, "callFrame": { "functionName": "clone", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "hitCount": 1 },
            { "id": 8, "callFrame": { "functionName": "read", "scriptId": "7", "url": "", "lineNumber": 0, "columnNumber": 500 }, "hitCount": 1 },
            { "id": 6, "callFrame": { "functionName": "worker", "scriptId": "12", "url": "harness.js", "lineNumber": 180, "columnNumber": 19 }, "hitCount": 1, "children": [11] },
            { "id": 11, "callFrame": { "functionName": "fetch", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "hitCount": 1 },
            { "id": 10, "callFrame": { "functionName": "evaluate", "scriptId": "4", "url": "", "lineNumber": 363, "columnNumber": 10 }, "hitCount": 1, "children": [12] },
            { "id": 12, "callFrame": { "functionName": "postMessage", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "hitCount": 1 }
          ],
          "startTime": 1000,
          "endTime": 9050,
          "samples":    [  3,    2,   4,   5,   7,  9,   5,   8,   6,  11, 10, 12],
          "timeDeltas": [500, 5000, 300, 200, 250, 600, 50, 150, 100, 150, 700, 30]
        }
        """;

    private static CpuProfileSummary Summarize(string profile, int calls = 2)
    {
        using var document = JsonDocument.Parse(profile);
        return CpuProfileSummary.Summarize(document.RootElement, url => url == BridgeScript, calls);
    }

    [Fact]
    public void BusyTimePerCallLeavesIdleOutAndSplitsIntoOwnScriptItsNativesGcProgramAndTheRest()
    {
        var summary = Summarize(PageProfile);

        Assert.Equal(1.275, summary.BusyMs, 9);
        // call 400 and read 100, whose node has no URL but whose script is bridge.js.
        Assert.Equal(0.25, summary.OwnScriptMs, 9);
        Assert.Equal(0.325, summary.OwnNativesMs, 9);
        Assert.Equal(0.1, summary.GarbageCollectorMs, 9);
        Assert.Equal(0.15, summary.ProgramMs, 9);
        // The harness and its fetch; the script without a URL and its postMessage, though bridge.js called it.
        Assert.Equal(0.45, summary.RestMs, 9);
    }

    [Fact]
    public void ANativeCountsForItsNearestCallerWithAScript()
    {
        var summary = Summarize(PageProfile);

        // clone is called by postMessage, which bridge.js called; fetch and the other postMessage have other callers.
        Assert.Equal([("postMessage", 0.3), ("clone", 0.025)], summary.TopOwnNatives.Select(native => (native.Name, Math.Round(native.Ms, 9))));
    }

    [Fact]
    public void TopFunctionsAreBySelfTimeWithTheSameFunctionSummedAcrossTheTreeAndLinesCountedFromOne()
    {
        var summary = Summarize(PageProfile);

        Assert.Equal(
            [
                new ProfiledFunction("fetch", "", 0, 0, 0.35),
                new ProfiledFunction("postMessage", "", 0, 0, 0.31),
                new ProfiledFunction("call", BridgeScript, 1, 100, 0.2),
                new ProfiledFunction("worker", "harness.js", 181, 20, 0.075),
                new ProfiledFunction("read", BridgeScript, 1, 501, 0.05),
                new ProfiledFunction("clone", "", 0, 0, 0.025),
                new ProfiledFunction("evaluate", "", 364, 11, 0.015),
            ],
            summary.TopFunctions.Select(function => function with { Ms = Math.Round(function.Ms, 9) }));
    }

    [Fact]
    public void TopFunctionsStopAtFifteen()
    {
        // Twenty functions under (root), function i sampled for i + 1 µs.
        var nodes = Enumerable.Range(0, 20).Select(i =>
            $$"""{ "id": {{i + 2}}, "callFrame": { "functionName": "f{{i}}", "scriptId": "7", "url": "{{BridgeScript}}", "lineNumber": 0, "columnNumber": {{i}} } }""");
        var profile = $$"""
            {
              "nodes": [
                { "id": 1, "callFrame": { "functionName": "(root)", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1 }, "children": [{{string.Join(", ", Enumerable.Range(2, 20))}}] },
                {{string.Join(",\n", nodes)}}
              ],
              "startTime": 0,
              "endTime": 210,
              "samples": [{{string.Join(", ", Enumerable.Range(2, 20))}}],
              "timeDeltas": [0, {{string.Join(", ", Enumerable.Range(1, 19))}}]
            }
            """;

        var summary = Summarize(profile, calls: 1);

        Assert.Equal(CpuProfileSummary.TopFunctionCount, summary.TopFunctions.Count);
        Assert.Equal([.. Enumerable.Range(5, 15).Reverse().Select(i => $"f{i}")], summary.TopFunctions.Select(function => function.Name));
    }

    [Fact]
    public void MessagesPerCallEachWayWithTheirMeanSizeAndTheRelaysCountersSinceTheStart()
    {
        var counts = new MessageCounts(
            Calls: 200,
            PageToRelay: new PortPosts(210, 210 * 300),
            RelayToPage: new PortPosts(208, 208 * 600),
            Relay: new RelayCounters(RelayedRequests: 231, InlineBodies: 225, ChunkedBodies: 6)
                .Since(new RelayCounters(RelayedRequests: 31, InlineBodies: 30, ChunkedBodies: 1)));

        Assert.Equal(1.05, counts.PageToRelayPerCall, 9);
        Assert.Equal(300, counts.PageToRelay.MeanBytes);
        Assert.Equal(1.04, counts.RelayToPagePerCall, 9);
        Assert.Equal(600, counts.RelayToPage.MeanBytes);
        Assert.Equal(1.0, counts.RelayedPerCall);
        Assert.Equal(0.975, counts.InlineBodiesPerCall);
        Assert.Equal(0.025, counts.ChunkedBodiesPerCall);
    }

    [Fact]
    public void WithoutMessagesOrRelayCountersThereIsNoMeanSizeAndNoCounterFigure()
    {
        var counts = new MessageCounts(Calls: 10, PortPosts.None, PortPosts.None, Relay: null);

        Assert.Equal(0, counts.PageToRelayPerCall);
        Assert.Null(counts.PageToRelay.MeanBytes);
        Assert.Null(counts.RelayedPerCall);
        Assert.Null(counts.InlineBodiesPerCall);
        Assert.Null(counts.ChunkedBodiesPerCall);
    }

    [Fact]
    public void RendererCpuIsEachFramesMedianOverTheRoundsFigureByFigure()
    {
        IReadOnlyList<FrameCpu> Round(double page, double relay) => [new("page", page, page * 2, page / 2), new("relay", relay, relay * 2, relay / 2)];

        var medians = FrameCpu.Medians([Round(0.3, 0.9), Round(0.1, 0.5), Round(0.2, 0.7), Round(0.5, 0.6), Round(0.4, 0.8)]);

        Assert.Equal(["page", "relay"], medians.Select(frame => frame.Frame));
        Assert.Equal(0.3, medians[0].ThreadMs, 9);
        Assert.Equal(0.6, medians[0].ProcessMs, 9);
        Assert.Equal(0.15, medians[0].TaskMs, 9);
        Assert.Equal(0.7, medians[1].ThreadMs, 9);
        Assert.Equal(1.4, medians[1].ProcessMs, 9);
        Assert.Equal(0.35, medians[1].TaskMs, 9);
    }
}
