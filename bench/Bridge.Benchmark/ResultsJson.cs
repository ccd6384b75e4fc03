using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bridge.Benchmark;

/// <summary>
/// The raw numbers beside the markdown: every run's every cell, the medians the report shows, the goals, the sizes,
/// and what the runs were made on and with, for comparing runs and drawing other charts later.
/// </summary>
internal static class ResultsJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(BenchmarkResults results) => JsonSerializer.Serialize(new
    {
        Date = results.Started,
        ElapsedSeconds = Math.Round(results.Elapsed.TotalSeconds, 1),
        results.Commit,
        results.Machine,
        LoadAverage = new { results.Load.Start, results.Load.End },
        Versions = new
        {
            Browsers = results.Summaries.Select(summary => new { summary.Engine, summary.Version }).Distinct(),
            BenchPackages = results.BenchPackages,
        },
        Options = new
        {
            results.Options.Engines,
            Sites = results.Options.Sites.Select(site => site.Name),
            results.Options.Runs,
            results.Options.Warmup,
            results.Options.Latency,
            results.Options.Post,
            results.Options.DelayedPost,
            NetworkDelayMs = NetworkDelay.Milliseconds,
            results.Options.SmallDownloads,
            results.Options.LargeDownloads,
            results.Options.Concurrent,
            results.Options.InFlight,
            results.Options.FirstByte,
            results.Options.FreshPages,
            results.Options.MemorySmallMiB,
            results.Options.MemoryLargeMiB,
        },
        Ratios = "value / cors's value within one run; summaries give the median of the runs' values and the median of the runs' ratios",
        Sites = results.Sites.Select(site => new { Setup = site.Setup.Name, site.Setup.Description, site.ServiceOrigin, site.PageOrigin }),
        Runs = results.Reports.Select(report => new
        {
            report.Run,
            Site = report.Site.Name,
            report.Engine,
            report.Version,
            ElapsedSeconds = Math.Round(report.Elapsed.TotalSeconds, 1),
            report.Environment,
            Workloads = Rows(report.Workloads),
            Memory = report.Memory is null ? null : Rows(report.Memory),
            report.Notes,
        }),
        Summaries = results.Summaries.Select(summary => new
        {
            Site = summary.Site.Name,
            summary.Engine,
            summary.Version,
            Workloads = Rows(summary.Workloads),
            Memory = summary.Memory is null ? null : Rows(summary.Memory),
        }),
        results.Sizes,
        Goals = results.Goals.Select(goal => new
        {
            goal.Goal.Name,
            Target = goal.Goal.TargetText,
            goal.Goal.Unit,
            Cells = goal.Cells.Select(cell => new { cell.Engine, Site = cell.Site.Name, cell.Median, cell.Runs, cell.Met, cell.Note }),
        }),
    }, Json);

    private static IEnumerable<object> Rows(ResultTable table) => table.Rows.Select(row => new
    {
        row.Metric.Name,
        Better = row.Metric.Better.ToString().ToLowerInvariant(),
        row.Values,
        Texts = row.Notes.Count > 0 ? row.Notes : null,
    });

    private static IEnumerable<object> Rows(MedianTable table) => table.Rows.Select(row => new
    {
        row.Metric.Name,
        Better = row.Metric.Better.ToString().ToLowerInvariant(),
        Cells = row.Cells.ToDictionary(cell => cell.Key, cell => new { Median = cell.Value.Value, MedianRatio = cell.Value.Ratio, cell.Value.Note }),
    });
}
