using System.Diagnostics;
using Bridge.Benchmark;
using Bridge.Benchmark.Peers;
using Bridge.Benchmark.Profiling;
using Microsoft.Playwright;

// Measures bridge.fetch against the browser's fetch with CORS, the site's proxy and the peers (xdomain, penpal), in the page, in each
// engine and site setup, over several runs; writes the report (markdown), the raw numbers (JSON) and the chart (PNG)
// to bench/results/latest.*. Measurement only: nothing is asserted, and a goal not met does not fail the run.
// With --profile DIR it profiles instead (Profiling/ProfileRun.cs).
BenchmarkOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(BenchmarkOptions.Usage);
        return 0;
    }
    options = BenchmarkOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

var root = RepositoryRoot();
PeerScripts peers;
try
{
    peers = PeerScripts.Load();
}
catch (PeersNotInstalledException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

if (options.Profile is { } profileDirectory)
{
    await ProfileRun.RunAsync(peers, ProfileWorkload.From(options), Path.GetFullPath(profileDirectory), await MachineInfo.CommitAsync(root));
    return 0;
}

var output = Path.GetFullPath(options.Output ?? Path.Combine(root, "bench", "results", "latest.md"));
var jsonOutput = Path.ChangeExtension(output, ".json");
var chartOutput = Path.ChangeExtension(output, ".png");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);

var loadAtStart = MachineInfo.LoadAverage();
if (loadAtStart > Environment.ProcessorCount / 2.0)
{
    Console.Error.WriteLine($"The machine is busy (load average {loadAtStart}): other processes will disturb the numbers.");
}
var started = DateTimeOffset.UtcNow;
var stopwatch = Stopwatch.StartNew();
var servers = new List<BenchmarkServers>();
try
{
    // Each site setup has servers of its own, up for the whole invocation, so every run measures them alike.
    foreach (var setup in options.Sites)
    {
        servers.Add(await BenchmarkServers.StartAsync(setup, peers));
    }
    using var playwright = await Playwright.CreateAsync();
    var reports = new List<EngineReport>();
    for (var run = 1; run <= options.Runs; run++)
    {
        foreach (var site in servers)
        {
            foreach (var engine in options.Engines)
            {
                var browser = await BrowserLauncher.LaunchAsync(playwright, engine);
                try
                {
                    reports.Add(await new EngineBenchmark(browser, engine, site, options, run).RunAsync());
                }
                finally
                {
                    await browser.CloseAsync();
                }
            }
        }
    }

    var sizes = await ClientSizes.MeasureAsync(
    [
        .. ClientSizes.CoreClient(root),
        .. peers.ClientScripts.Select(script => new SizedScript(script.Name, $"the {script.Mechanism} peer", script.Content)),
    ]);
    var clientSize = sizes.FirstOrDefault(size => size.Source == ClientSizes.CoreClientPath)?.GzipBytes;
    var results = new BenchmarkResults(options, started, stopwatch.Elapsed, MachineInfo.Read(), (loadAtStart, MachineInfo.LoadAverage()),
        await MachineInfo.CommitAsync(root), MachineInfo.BenchPackages(root),
        [.. servers.Select(site => new SiteOrigins(site.Setup, site.ServiceOrigin, site.PageOrigin))],
        reports, sizes, Goal.Evaluate(Goal.All(options, clientSize), reports));

    // The raw numbers first: whatever fails after, the measurement is kept.
    await File.WriteAllTextAsync(jsonOutput, ResultsJson.Render(results));
    var chartFile = await DrawChartAsync(playwright, results);
    var report = Report.Render(results, Path.GetFileName(jsonOutput), chartFile);
    Console.WriteLine(report);
    await File.WriteAllTextAsync(output, report);
    Console.Error.WriteLine($"Written to {output}, {jsonOutput}{(chartFile is null ? "" : $" and {chartOutput}")}");
    return 0;
}
finally
{
    foreach (var site in servers)
    {
        await site.DisposeAsync();
    }
}

// The chart's file name beside the report, or null (and why on stderr) when it could not be drawn: the report and the
// JSON are written either way.
async Task<string?> DrawChartAsync(IPlaywright playwright, BenchmarkResults results)
{
    var chartJs = RatioChart.ChartJsPath(root);
    if (!File.Exists(chartJs))
    {
        Console.Error.WriteLine($"No chart: {chartJs} is missing (building the benchmark installs it, as does npm ci --prefix bench).");
        return null;
    }
    try
    {
        await RatioChart.RenderAsync(playwright, results, chartJs, chartOutput);
        return Path.GetFileName(chartOutput);
    }
    catch (PlaywrightException exception)
    {
        Console.Error.WriteLine($"No chart: drawing it failed: {exception.Message}");
        return null;
    }
}

// The directory holding Bridge.sln, above the working directory or the build output; else the working directory.
static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }
    }
    return Directory.GetCurrentDirectory();
}
