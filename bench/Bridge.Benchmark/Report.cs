using System.Globalization;
using System.Text;

namespace Bridge.Benchmark;

/// <summary>
/// The markdown report: how the runs were made, the goals of issue #14, the scripts' sizes, then one section per site
/// setup with a table per engine and Chromium's memory table. <paramref name="chartFile"/> is the chart's file name
/// beside the report, null when no chart was drawn.
/// </summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(BenchmarkResults results, string jsonFile, string? chartFile)
    {
        var text = new StringBuilder();
        var options = results.Options;
        var machine = results.Machine;
        text.AppendLine("# Bridge benchmark").AppendLine();
        text.AppendLine(Invariant, $"{results.Started:yyyy-MM-dd HH:mm} UTC, commit {results.Commit ?? "unknown"}; {machine.Cpu ?? "unknown CPU"}, "
            + $"{machine.Cores} cores, {machine.MemoryGiB?.ToString("0.0", Invariant) ?? "?"} GiB, {machine.Os}; .NET {machine.DotNet}, "
            + $"Playwright {machine.Playwright ?? "?"}; {string.Join(", ", results.Summaries.Select(s => $"{s.Engine} {s.Version}").Distinct())}. "
            + $"{Plural(options.Runs, "run")} took {results.Elapsed.TotalMinutes:0.0} min; load average (1 min) "
            + $"{results.Load.Start?.ToString("0.00", Invariant) ?? "n/a"} at the start, {results.Load.End?.ToString("0.00", Invariant) ?? "n/a"} at the end. "
            + $"The service, the site and the browser run on this one machine.");
        text.AppendLine();
        text.AppendLine(Invariant, $"Counts per run: {options.Latency} GET and {options.Post} POST of each kind after {options.Warmup} warm-up; "
            + $"{options.DelayedPost} POST with {NetworkDelay.Milliseconds} ms latency; 1 MiB x{options.SmallDownloads}, 16 MiB x{options.LargeDownloads}; "
            + $"{options.Concurrent} GET with {string.Join(" and then ", options.InFlight)} in flight; {options.FirstByte} slow requests; "
            + $"{options.FreshPages} fresh pages (each a new context, its window left {FreshWindow.SettleMilliseconds} ms to settle first); memory reads of {string.Join(" and ", new[] { options.MemorySmallMiB, options.MemoryLargeMiB }.Where(size => size > 0))} MiB (Chromium). "
            + $"Each run measures every site setup ({string.Join(", then ", options.Sites.Select(site => site.Name + "-site"))}) and every engine in turn.");
        text.AppendLine();
        text.AppendLine(Invariant, $"How to read it: times are taken in the page with performance.now(), from the call to the body read to its end "
            + $"(its steps are 0.1 ms in Chromium; Firefox runs with privacy.reduceTimerPrecision off, since its steps are otherwise 1 ms). "
            + $"Each cell is the median over {Plural(options.Runs, "run")} of the run's value; the ratio beside it is the median of the runs' ratios to cors, "
            + $"each ratio taken within one run, where the mechanisms ran side by side (not the ratio of the medians). On a ms row 1.50x is half "
            + $"again as long, on a MB/s or requests/s row half again as much. MB = 10^6 bytes. Every run's own numbers are in {jsonFile}.");
        if (chartFile is not null)
        {
            text.AppendLine().AppendLine(Invariant, $"![Ratios of each mechanism to CORS, per workload, engine and site setup]({chartFile})");
        }

        RenderGoals(text, results);
        RenderSizes(text, results.Sizes);
        foreach (var site in results.Sites)
        {
            RenderSite(text, site, [.. results.Summaries.Where(summary => summary.Site == site.Setup)]);
        }
        return text.ToString();
    }

    private static void RenderGoals(StringBuilder text, BenchmarkResults results)
    {
        var columns = results.Summaries.Select(summary => (summary.Engine, summary.Site)).ToArray();
        text.AppendLine().AppendLine("## Goals (issue #14)").AppendLine();
        text.AppendLine("bridge.fetch with its default body path (the bridge column) against CORS, or against each peer; the median over the runs of "
            + "each run's ratio. Memory: the growth of the renderer processes' resident memory (/proc VmRSS of every Chromium renderer, "
            + "page and relay frame together in both setups), Chromium only. Size: 4,096 bytes = 4.0 KiB.").AppendLine();
        text.Append("| Goal | Target | ").AppendJoin(" | ", columns.Select(column => $"{column.Engine}, {column.Site.Name}-site")).AppendLine(" |");
        text.Append("|---|---|").AppendJoin("", columns.Select(_ => "---|")).AppendLine();
        var met = 0;
        var judged = 0;
        foreach (var goal in results.Goals)
        {
            text.Append("| ").Append(goal.Goal.Name).Append(" | ").Append(goal.Goal.TargetText);
            foreach (var (engine, site) in columns)
            {
                var cell = goal.Cells.First(cell => cell.Engine == engine && cell.Site == site);
                text.Append(" | ").Append(cell switch
                {
                    { Median: { } median, Met: { } isMet } => goal.Goal.Format(median) + (isMet ? ", met" : ", **not met**") + (cell.Note is null ? "" : $" ({cell.Note})"),
                    _ => cell.Note ?? "n/a",
                });
                met += cell.Met == true ? 1 : 0;
                judged += cell.Met is null ? 0 : 1;
            }
            text.AppendLine(" |");
        }
        text.AppendLine().AppendLine(Invariant, $"{met} of {judged} measured goal cells met.");
    }

    private static void RenderSizes(StringBuilder text, IReadOnlyList<ScriptSize> sizes)
    {
        text.AppendLine().AppendLine("## Size").AppendLine();
        text.AppendLine("Each script as a page loads it: the core client as the build wrote it (esbuild, minified), the peers' builds from "
            + "npm as published, and gzipped at level 9 with Node's zlib, as src/bridge-ts/test/client/size.test.ts measures the core client.")
            .AppendLine();
        text.AppendLine("| Script | From | Bytes | gzip -9 bytes |").AppendLine("|---|---|---:|---:|");
        foreach (var size in sizes)
        {
            text.AppendLine(size.GzipBytes is { } gzip
                ? string.Create(Invariant, $"| {size.Label} | {size.Source} | {size.MinifiedBytes:N0} | {gzip:N0} |")
                : $"| {size.Label} | {size.Source} | {size.Note} | |");
        }
    }

    private static void RenderSite(StringBuilder text, SiteOrigins site, IReadOnlyList<EngineSummary> engines)
    {
        text.AppendLine().AppendLine(Invariant, $"## {site.Setup.Title}: page on {site.PageOrigin}, service on {site.ServiceOrigin}").AppendLine();
        text.AppendLine(Invariant, $"{char.ToUpperInvariant(site.Setup.Description[0])}{site.Setup.Description[1..]}.");
        foreach (var engine in engines)
        {
            text.AppendLine().AppendLine(Invariant, $"### {engine.Engine} {engine.Version}, {site.Setup.Name}-site").AppendLine();
            text.AppendLine(Invariant, $"bridge.fetch bodies: {(engine.Environment.TransferableStreams ? "small ones inline in both bridge columns, others as chunk messages (bridge) or transferred streams (bridge-streams)" : "small ones inline, others as chunk messages in both bridge columns: this browser cannot transfer streams")}. "
                + $"Runs took {string.Join(", ", engine.Runs.Select(run => run.Elapsed.TotalSeconds.ToString("0", Invariant) + " s"))}.").AppendLine();
            text.Append(engine.Workloads.Render());
            RenderNotes(text, engine.Runs);
            if (engine.Memory is { } memory)
            {
                text.AppendLine().AppendLine(Invariant, $"#### {engine.Engine}, {site.Setup.Name}-site: memory while a large body is read chunk by chunk and discarded").AppendLine();
                text.AppendLine("Sampled every 50 ms over the DevTools protocol (Runtime.getHeapUsage: JS heap plus ArrayBuffer backing stores of the "
                    + "page's process) and /proc (resident memory of all renderer processes), against a baseline taken after a GC. "
                    + (site.Setup.CrossSite
                        ? "Cross-site, Chromium runs the relay frame in a renderer of its own: the heap rows count the page only, the renderer rows both."
                        : "Same-site, the relay frame shares the page's renderer: every row counts both.")).AppendLine();
                text.Append(memory.Render());
            }
            else
            {
                text.AppendLine().AppendLine(Invariant, $"Memory: n/a in {engine.Engine} (no page heap API; measured in Chromium only).");
            }
        }
    }

    /// <summary>Each distinct note once, with the runs it came from when not every run gave it.</summary>
    private static void RenderNotes(StringBuilder text, IReadOnlyList<EngineReport> runs)
    {
        foreach (var note in runs.SelectMany(run => run.Notes.Select(note => (note, run.Run))).GroupBy(item => item.note))
        {
            var from = note.Select(item => item.Run).Distinct().ToArray();
            text.AppendLine().AppendLine(from.Length == runs.Count ? note.Key : $"Run {string.Join(", ", from)}: {note.Key}");
        }
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
