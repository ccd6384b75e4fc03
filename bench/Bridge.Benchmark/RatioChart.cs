using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.Benchmark;

/// <summary>
/// The chart of the report (a PNG): per engine and site setup, each mechanism's median ratio to CORS on the headline
/// workloads, drawn by chart.js (bench/package.json) in Chromium, launched as the benchmark launches it, and
/// screenshotted. No network: chart.js is read from bench/node_modules.
/// </summary>
internal static class RatioChart
{
    private const string Page = """
        <!doctype html>
        <html><head><meta charset="utf-8"><style>
          body { margin: 0; background: #fff; font-family: sans-serif; }
          #figure { display: inline-block; padding: 16px; background: #fff; }
          #title { font-size: 18px; margin: 0 0 8px; }
          #charts { display: grid; gap: 12px; }
        </style></head>
        <body><div id="figure"><p id="title"></p><div id="charts"></div></div></body></html>
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(RatioChart).Assembly.GetManifestResourceStream("Bridge.Benchmark.ratio-chart.js")
            ?? throw new InvalidOperationException("The chart script is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The chart.js build the page loads.</summary>
    public static string ChartJsPath(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "bench", "node_modules", "chart.js", "dist", "chart.umd.min.js");

    /// <summary>Draws the chart into <paramref name="output"/>.</summary>
    public static async Task RenderAsync(IPlaywright playwright, BenchmarkResults results, string chartJs, string output)
    {
        var browser = await BrowserLauncher.LaunchAsync(playwright, "chromium");
        try
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            await page.SetContentAsync(Page);
            await page.AddScriptTagAsync(new() { Path = chartJs });
            await page.AddScriptTagAsync(new() { Content = Script.Value });
            // As JSON text: Playwright would pass the .NET property names as they are, not in the page's camelCase.
            await page.EvaluateAsync("json => drawRatioCharts(JSON.parse(json))", DataJson(results));
            await page.Locator("#figure").ScreenshotAsync(new() { Path = output });
        }
        finally
        {
            await browser.CloseAsync();
        }
    }

    /// <summary>What ratio-chart.js's drawRatioCharts takes: a title, a panel per engine and site setup, panels per row.</summary>
    internal static string DataJson(BenchmarkResults results) => JsonSerializer.Serialize(Data(results), Json);

    private static object Data(BenchmarkResults results)
    {
        var options = results.Options;
        (string[] Label, string Metric)[] workloads =
        [
            (["GET", "median ms ↓"], MetricNames.Median(MetricNames.Get)),
            (["POST", "same URL", "median ms ↓"], MetricNames.Median(MetricNames.Post)),
            (["POST", "new URL", "median ms ↓"], MetricNames.Median(MetricNames.NewUrlPost)),
            (["POST new URL", $"{NetworkDelay.Milliseconds} ms latency", "median ms ↓"], MetricNames.Median(MetricNames.DelayedPost)),
            (["GET 16 MiB", "MB/s ↑"], MetricNames.DownloadRate(16)),
            .. options.InFlight.Select(count => (new[] { "GET", $"{count} in flight", "requests/s ↑" }, MetricNames.Concurrency(options.Concurrent, count))),
            (["first call", "on a fresh page", "ms ↓"], MetricNames.FirstCall),
            (["first call", "from navigation", "ms ↓"], MetricNames.FirstCallFromNavigation),
        ];
        var panels = results.Summaries.Select(summary =>
        {
            var shown = workloads.Where(workload => summary.Workloads.Rows.Any(row => row.Metric.Name == workload.Metric)).ToArray();
            return new
            {
                Title = $"{summary.Engine} {summary.Version}, {summary.Site.Name}-site",
                Labels = shown.Select(workload => workload.Label),
                Series = summary.Workloads.Columns.Where(column => column != summary.Workloads.Baseline).Select(mechanism => new
                {
                    Mechanism = mechanism,
                    Ratios = shown.Select(workload => summary.Workloads.Cell(workload.Metric, mechanism)?.Ratio),
                }),
            };
        }).ToArray();
        return new
        {
            Title = $"Ratio to CORS, median of {options.Runs} run{(options.Runs == 1 ? "" : "s")} ({results.Started:yyyy-MM-dd}). "
                + "↓ marks times: below 1.0x is faster than CORS. ↑ marks rates: above 1.0x is faster.",
            Panels = panels,
            Columns = Math.Max(1, options.Engines.Count),
        };
    }
}
