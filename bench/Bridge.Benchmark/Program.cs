using System.Diagnostics;
using Bridge.Benchmark;
using Bridge.Benchmark.Peers;
using Microsoft.Playwright;

// Measures bridge.fetch against the browser's fetch with CORS and against the site's proxy, in the page, in each
// engine; prints markdown tables and writes them to bench/results/latest.md. Measurement only: nothing is asserted.
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

var loadAtStart = Report.LoadAverage();
if (loadAtStart > Environment.ProcessorCount / 2.0)
{
    Console.Error.WriteLine($"The machine is busy (load average {loadAtStart}): other processes will disturb the numbers.");
}
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
var stopwatch = Stopwatch.StartNew();
await using var servers = await BenchmarkServers.StartAsync(options.CrossSite, peers);
using var playwright = await Playwright.CreateAsync();
var reports = new List<EngineReport>();
foreach (var engine in options.Engines)
{
    var browser = await BrowserLauncher.LaunchAsync(playwright, engine);
    try
    {
        reports.Add(await new EngineBenchmark(browser, engine, servers, options).RunAsync());
    }
    finally
    {
        await browser.CloseAsync();
    }
}

var report = Report.Render(options, servers, peers, reports, stopwatch.Elapsed, (loadAtStart, Report.LoadAverage()));
Console.WriteLine(report);
var output = options.Output ?? Path.Combine(RepositoryRoot(), "bench", "results", "latest.md");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report);
Console.Error.WriteLine($"Written to {output}");
return 0;

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
