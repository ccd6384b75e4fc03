using System.Globalization;
using System.Text;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// profile.md: how the profiles were taken and how to read them, then per mechanism and frame the busy time per call
/// and its split, the natives the mechanism's script called, the messages per call, and the top functions.
/// </summary>
internal static class ProfileReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(ProfileResults results)
    {
        var text = new StringBuilder();
        var machine = results.Machine;
        var frames = results.Mechanisms.SelectMany(mechanism => mechanism.Frames.Select(frame => (mechanism.Mechanism, Frame: frame))).ToList();
        text.AppendLine("# Profile: where a call's time goes, Chromium, cross-site").AppendLine();
        text.AppendLine(Invariant, $"{results.Started:yyyy-MM-dd HH:mm} UTC, commit {results.Commit ?? "unknown"}; {machine.Cpu ?? "unknown CPU"}, "
            + $"{machine.Cores} cores, {machine.Os}; Chromium {results.BrowserVersion}; load average (1 min) {Load(results.Load.Start)} at the start, "
            + $"{Load(results.Load.End)} at the end. The service, the site and the browser run on this one machine.");
        text.AppendLine();
        text.AppendLine(Invariant, $"Each mechanism in a page of its own, warmed up, then two passes of {results.Workload.Description}. The first ran "
            + $"under V8's sampling profiler (a sample every {FrameProfiler.SamplingIntervalMicroseconds} µs) in the page and, for the relays, in the "
            + $"relay frame, which Chromium runs in a renderer of its own across sites; the second counted the messages. Then {ProfileRun.CpuRounds} "
            + $"rounds of the same workload in each page in turn timed the renderers' CPU and every process's. The profiles are beside this "
            + $"file ({string.Join(", ", frames.Select(frame => frame.Frame.File))}): DevTools' Performance panel loads them. Same-site is not "
            + $"profiled: there the relay frame runs in the page's renderer, and one profile would mix both sides.");
        text.AppendLine();
        text.AppendLine("**How to read it.** The profiler samples wall time: a sample lasts until the next one, so on a busy machine with few "
            + "cores the time a renderer waited for a core counts for whatever was on its stack, postMessage's share in particular. Compare the "
            + "mechanisms within one run, not absolute numbers across runs. The renderer CPU has no such error: it is the CPU time the "
            + "renderers' threads used, summed by the browser; it still moves from round to round with what else the machine runs, hence "
            + "its median over rounds taken in turn.");
        foreach (var profile in results.Mechanisms.Where(profile => profile.Failures > 0))
        {
            text.AppendLine().AppendLine(Invariant, $"{profile.Mechanism.Name}: {profile.Failures} of the calls in flight failed in the two passes and the CPU rounds.");
        }

        RenderCpu(text, results.Mechanisms);
        RenderMachineCpu(text, results.Mechanisms);

        text.AppendLine().AppendLine("## Busy time per call, ms").AppendLine();
        text.AppendLine("Busy: every sample but (idle), over the pass's calls. Own script: samples in the mechanism's own scripts ("
            + string.Join("; ", results.Mechanisms.Select(mechanism => $"{mechanism.Mechanism.Name}: {mechanism.Mechanism.OwnScripts}"))
            + "). Natives it called: functions of the browser (fetch, postMessage, Request, Response, ...), each counted for its nearest caller "
            + "with a script. Rest: the benchmark's harness (harness.js), Playwright's scripts and the natives they called; for cors, the browser's fetch.").AppendLine();
        text.AppendLine("| Mechanism | Frame | Busy | Own script | Natives it called | (garbage collector) | (program) | Rest |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (mechanism, frame) in frames)
        {
            var summary = frame.Summary;
            text.AppendLine(Invariant, $"| {mechanism.Name} | {frame.Frame} | {Ms(summary.BusyMs)} | {Ms(summary.OwnScriptMs)} | {Ms(summary.OwnNativesMs)} | "
                + $"{Ms(summary.GarbageCollectorMs)} | {Ms(summary.ProgramMs)} | {Ms(summary.RestMs)} |");
        }

        text.AppendLine().AppendLine(Invariant, $"## The natives each mechanism's script called most, ms per call").AppendLine();
        text.AppendLine("| Mechanism | Frame | Natives |");
        text.AppendLine("|---|---|---|");
        foreach (var (mechanism, frame) in frames.Where(frame => frame.Mechanism.HasRelay))
        {
            text.AppendLine(Invariant, $"| {mechanism.Name} | {frame.Frame} | {string.Join(", ", frame.Summary.TopOwnNatives.Select(native => $"{native.Name} {Ms(native.Ms)}"))} |");
        }

        RenderMessages(text, results.Mechanisms);

        text.AppendLine().AppendLine(Invariant, $"## Top {CpuProfileSummary.TopFunctionCount} functions by self time, per frame").AppendLine();
        text.AppendLine("Natives included; the pseudo-functions (idle), (program) and (garbage collector) are not. bridge.js and the relay are "
            + "minified, so their names are esbuild's: the line and column (from 1) find them, and DevTools shows the source from the profile.");
        foreach (var (mechanism, frame) in frames)
        {
            text.AppendLine().AppendLine(Invariant, $"### {mechanism.Name}, {frame.Frame}").AppendLine();
            text.AppendLine("| Function | Script | Line:column | ms per call |");
            text.AppendLine("|---|---|---|---:|");
            foreach (var function in frame.Summary.TopFunctions)
            {
                var native = function.Line == 0;
                text.AppendLine(Invariant, $"| {function.Name} | {(native ? "(native)" : Script(function.Url))} | {(native ? "" : $"{function.Line}:{function.Column}")} | {Ms(function.Ms)} |");
            }
        }
        return text.ToString();
    }

    private static void RenderCpu(StringBuilder text, IReadOnlyList<MechanismProfile> mechanisms)
    {
        text.AppendLine().AppendLine("## Renderer CPU per call, ms").AppendLine();
        text.AppendLine(Invariant, $"The median over {ProfileRun.CpuRounds} rounds, each running the workload once in every page in turn, of "
            + $"DevTools' performance metrics in thread time: main thread, the renderer's main thread's CPU time (ThreadTime); process, all of "
            + $"the renderer process's threads (ProcessTime); tasks, the main thread's tasks (TaskDuration). Per call, the harness's own work "
            + $"included. The browser process, the network service and the servers are not in it.").AppendLine();
        text.AppendLine("| Mechanism | Frame | Main thread | Process | Tasks |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var profile in mechanisms)
        {
            foreach (var frame in profile.Cpu)
            {
                text.AppendLine(Invariant, $"| {profile.Mechanism.Name} | {frame.Frame} | {Ms(frame.ThreadMs)} | {Ms(frame.ProcessMs)} | {Ms(frame.TaskMs)} |");
            }
        }
    }

    private static void RenderMachineCpu(StringBuilder text, IReadOnlyList<MechanismProfile> mechanisms)
    {
        text.AppendLine().AppendLine("## CPU per call of every process, ms").AppendLine();
        text.AppendLine(Invariant, $"The same rounds, timed from /proc (user and system time, in 10 ms ticks): the browser's processes by kind, "
            + $"Playwright's driver, and the benchmark's own process, which runs the servers. Each figure is its median over the "
            + $"{ProfileRun.CpuRounds} rounds, the total too (so it need not be the sum of the others). Every page stays open in every "
            + $"round, so the renderers' column holds the idle pages' share as well, alike for each mechanism. On a machine whose "
            + $"cores are all busy, this total is what bounds the calls in flight.").AppendLine();
        text.AppendLine("| Mechanism | " + string.Join(" | ", ProcessKinds.Columns.Select(column => column.Heading)) + " | Total | Total to cors |");
        text.AppendLine("|---|" + string.Concat(ProcessKinds.Columns.Select(_ => "---:|")) + "---:|---:|");
        var cors = mechanisms.FirstOrDefault(profile => profile.Mechanism.Name == "cors")?.MachineCpu.TotalMs;
        foreach (var profile in mechanisms)
        {
            var cpu = profile.MachineCpu;
            var ratio = cors is > 0 ? (cpu.TotalMs / cors.Value).ToString("0.00", Invariant) + "x" : "–";
            text.AppendLine(Invariant, $"| {profile.Mechanism.Name} | {string.Join(" | ", ProcessKinds.Columns.Select(column => Ms(cpu.Of(column.Kind))))} | "
                + $"{Ms(cpu.TotalMs)} | {ratio} |");
        }
    }

    private static void RenderMessages(StringBuilder text, IReadOnlyList<MechanismProfile> mechanisms)
    {
        text.AppendLine().AppendLine("## Messages per call").AppendLine();
        text.AppendLine("Counted in the second pass by wrapping MessagePort.prototype.postMessage in each frame. Size: an estimate, the message "
            + "as JSON with each ArrayBuffer counted by its bytes. bridge's relay counts the requests it relayed and the response bodies it sent "
            + "inline, whole in the response message, and as chunk messages.").AppendLine();
        text.AppendLine("| Mechanism | Page → relay | Mean size, B | Relay → page | Mean size, B | Relay's counters per call |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var profile in mechanisms.Where(profile => profile.Mechanism.HasRelay))
        {
            var messages = profile.Messages;
            var counters = messages.Relay is null
                ? "none"
                : string.Create(Invariant, $"{messages.RelayedPerCall:0.000} relayed, {messages.InlineBodiesPerCall:0.000} inline and {messages.ChunkedBodiesPerCall:0.000} chunked bodies");
            text.AppendLine(Invariant, $"| {profile.Mechanism.Name} | {messages.PageToRelayPerCall:0.000} | {Bytes(messages.PageToRelay.MeanBytes)} | "
                + $"{messages.RelayToPagePerCall:0.000} | {Bytes(messages.RelayToPage.MeanBytes)} | {counters} |");
        }
    }

    private static string Ms(double value) => value.ToString("0.000", Invariant);

    private static string Bytes(double? value) => value?.ToString("0", Invariant) ?? "–";

    private static string Load(double? value) => value?.ToString("0.00", Invariant) ?? "n/a";

    /// <summary>A script's path on its origin (the relay page without its query); Playwright's own scripts have no URL.</summary>
    private static string Script(string url) =>
        url.Length == 0 ? "(no URL: Playwright's)" : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
}
