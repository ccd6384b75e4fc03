using System.Globalization;
using Bridge.Benchmark.Profiling;

namespace Bridge.Benchmark;

/// <summary>
/// How much to measure. Defaults keep one run of both engines in both site setups within a few minutes on two cores;
/// <c>--quick</c> is a smoke run. Each count can be set with <c>--name N</c> or the environment variable
/// <c>BENCH_NAME</c> (arguments win); the engines come from <c>--engines</c> or <c>BRIDGE_BROWSERS</c>, as in the
/// e2e tests.
/// </summary>
internal sealed record BenchmarkOptions
{
    /// <summary>The engines the benchmark can drive.</summary>
    public static readonly IReadOnlyList<string> KnownEngines = ["chromium", "firefox"];

    public IReadOnlyList<string> Engines { get; init; } = KnownEngines;

    /// <summary>The page setups, in the order they run: cross-site first, since that is what users have.</summary>
    public IReadOnlyList<SiteSetup> Sites { get; init; } = SiteSetup.All;

    /// <summary>Whole measurements, one after another; the report shows each cell's median over them.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Untimed requests before each latency series.</summary>
    public int Warmup { get; init; } = 30;

    /// <summary>Sequential GET /api/hello requests per mechanism.</summary>
    public int Latency { get; init; } = 300;

    /// <summary>Sequential 1 KiB POST /api/echo requests per mechanism, in each of the two POST workloads.</summary>
    public int Post { get; init; } = 300;

    /// <summary>Sequential 1 KiB POSTs to a new URL each call, with <see cref="NetworkDelay.Milliseconds"/> on every request.</summary>
    public int DelayedPost { get; init; } = 100;

    /// <summary>Repetitions of the 1 MiB download.</summary>
    public int SmallDownloads { get; init; } = 5;

    /// <summary>Repetitions of the 16 MiB download.</summary>
    public int LargeDownloads { get; init; } = 3;

    /// <summary>Requests in each concurrency workload, and how many are in flight at once in each.</summary>
    public int Concurrent { get; init; } = 2000;

    public IReadOnlyList<int> InFlight { get; init; } = [64, 256];

    /// <summary>Requests to /api/slow?ms=200 per mechanism for the time to first byte.</summary>
    public int FirstByte { get; init; } = 10;

    /// <summary>Fresh pages per mechanism for the first-call (handshake) cost.</summary>
    public int FreshPages { get; init; } = 5;

    /// <summary>The two body sizes of the memory measurement (Chromium), in MiB; 0 for the large one skips it.</summary>
    public int MemorySmallMiB { get; init; } = 16;

    public int MemoryLargeMiB { get; init; } = 256;

    /// <summary>Where the markdown report goes, the JSON and the chart beside it (same name, .json and .png); default bench/results/latest.md.</summary>
    public string? Output { get; init; }

    /// <summary>Where the profiling mode writes its profiles and profile.md; null runs the benchmark.</summary>
    public string? Profile { get; init; }

    public static BenchmarkOptions Quick { get; } = new()
    {
        Runs = 1,
        Warmup = 10,
        Latency = 50,
        Post = 50,
        DelayedPost = 20,
        SmallDownloads = 2,
        LargeDownloads = 1,
        Concurrent = 300,
        FirstByte = 3,
        FreshPages = 2,
        MemoryLargeMiB = 64,
    };

    private static readonly Count[] Counts =
    [
        new("runs", "whole measurements; each cell is the median over them", o => o.Runs, (o, v) => o with { Runs = v }, Minimum: 1),
        new("warmup", "untimed requests before each latency series", o => o.Warmup, (o, v) => o with { Warmup = v }),
        new("latency", "sequential GET /api/hello per mechanism", o => o.Latency, (o, v) => o with { Latency = v }),
        new("post", "sequential 1 KiB POST /api/echo per mechanism, same URL and new URLs", o => o.Post, (o, v) => o with { Post = v }),
        new("delayed-post", $"sequential 1 KiB POST to a new URL each, {NetworkDelay.Milliseconds} ms on every request", o => o.DelayedPost, (o, v) => o with { DelayedPost = v }),
        new("small-downloads", "repetitions of the 1 MiB download", o => o.SmallDownloads, (o, v) => o with { SmallDownloads = v }),
        new("large-downloads", "repetitions of the 16 MiB download", o => o.LargeDownloads, (o, v) => o with { LargeDownloads = v }),
        new("concurrent", "requests in the concurrency workload", o => o.Concurrent, (o, v) => o with { Concurrent = v }),
        new("first-byte", "requests to /api/slow?ms=200 for the time to first byte", o => o.FirstByte, (o, v) => o with { FirstByte = v }),
        new("fresh-pages", "fresh pages for the first-call (handshake) cost", o => o.FreshPages, (o, v) => o with { FreshPages = v }),
        new("memory-small-mib", "smaller body of the memory measurement, MiB", o => o.MemorySmallMiB, (o, v) => o with { MemorySmallMiB = v }),
        new("memory-large-mib", "larger body of the memory measurement, MiB (0 skips it)", o => o.MemoryLargeMiB, (o, v) => o with { MemoryLargeMiB = v }),
    ];

    public static string Usage => string.Join(Environment.NewLine,
    [
        "dotnet run --project bench/Bridge.Benchmark -c Release -- [options]",
        "  --quick                 a smoke run with small counts",
        "  --engines a,b           chromium, firefox (default: BRIDGE_BROWSERS, else chromium,firefox)",
        "  --sites a,b             cross (page on 127.0.0.1, service on localhost), same (both on localhost);",
        "                          run in that order (default cross,same)",
        "  --in-flight a,b         requests in flight at once, one concurrency row each (BENCH_IN_FLIGHT; default 64,256)",
        "  --out PATH              report file; the JSON and the chart go beside it as PATH.json, PATH.png",
        "                          (default bench/results/latest.md)",
        "  --profile DIR           instead of the benchmark, profile cors, bridge and penpal in Chromium, cross-site:",
        "                          CPU profiles of the page and the relay frame, messages per call, DIR/profile.md;",
        "                          it runs --warmup, --latency, --post and --concurrent with the first --in-flight",
        .. Counts.Select(count => $"  --{count.Name,-21} {count.Help} (BENCH_{EnvironmentName(count.Name)}; default {count.Get(new BenchmarkOptions())})"),
    ]);

    /// <summary>Reads the options, or throws an <see cref="ArgumentException"/> naming the bad one (the option or the variable).</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = args.Contains("--quick") ? Quick : new BenchmarkOptions();
        // The engines are checked once all is read, since --engines replaces the variable, which the e2e tests share
        // and which may name engines the benchmark does not run: the refusal names where they came from.
        var enginesFrom = "BRIDGE_BROWSERS";
        var engines = environment(enginesFrom);
        if (!string.IsNullOrWhiteSpace(engines))
        {
            options = options with { Engines = SplitEngines(engines) };
        }
        if (environment("BENCH_IN_FLIGHT") is { Length: > 0 } inFlight)
        {
            options = options with { InFlight = ParseInFlight("BENCH_IN_FLIGHT", inFlight) };
        }
        foreach (var count in Counts)
        {
            var variable = "BENCH_" + EnvironmentName(count.Name);
            if (environment(variable) is { Length: > 0 } value)
            {
                options = count.Set(options, ParseCount(variable, value, count.Minimum));
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value."));
            switch (name)
            {
                case "--quick":
                    if (inlineValue is not null)
                    {
                        throw new ArgumentException($"--quick takes no value, got \"{args[i]}\".");
                    }
                    break;
                case "--sites":
                    options = options with { Sites = ParseSites(name, Value()) };
                    break;
                case "--in-flight":
                    options = options with { InFlight = ParseInFlight(name, Value()) };
                    break;
                case "--engines":
                    options = options with { Engines = SplitEngines(Value()) };
                    enginesFrom = name;
                    break;
                case "--out":
                    options = options with { Output = Value() };
                    break;
                case "--profile":
                    options = options with { Profile = Value() };
                    break;
                default:
                    var count = Counts.FirstOrDefault(c => "--" + c.Name == name);
                    if (count is null)
                    {
                        throw new ArgumentException($"Unknown option {name}.");
                    }
                    options = count.Set(options, ParseCount(name, Value(), count.Minimum));
                    break;
            }
        }

        var knownEngines = string.Join(" and ", KnownEngines);
        if (options.Engines.FirstOrDefault(engine => !KnownEngines.Contains(engine)) is { } unknown)
        {
            throw new ArgumentException($"Unknown engine {unknown} in {enginesFrom}: the benchmark runs {knownEngines}.");
        }
        if (options.Engines.Count == 0)
        {
            throw new ArgumentException($"{enginesFrom} names no engine: the benchmark runs {knownEngines}.");
        }
        if (options.Profile is not null && ProfileWorkload.From(options).Calls == 0)
        {
            throw new ArgumentException("--profile needs calls to profile (--warmup, --latency, --post or --concurrent above 0).");
        }
        return options;
    }

    private static string EnvironmentName(string name) => name.ToUpperInvariant().Replace('-', '_');

    private static string[] Split(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item => item.ToLowerInvariant())];

    private static List<string> SplitEngines(string value) => [.. Split(value)];

    private static List<SiteSetup> ParseSites(string name, string value)
    {
        var knownSites = string.Join(" and ", SiteSetup.All.Select(setup => setup.Name));
        List<SiteSetup> sites =
        [
            .. Split(value)
                .Select(site => SiteSetup.All.FirstOrDefault(setup => setup.Name == site)
                    ?? throw new ArgumentException($"Unknown site setup {site} in {name}: the benchmark runs {knownSites}."))
                .Distinct(),
        ];
        return sites.Count > 0 ? sites : throw new ArgumentException($"{name} names no site setup: the benchmark runs {knownSites}.");
    }

    /// <summary>Requests in flight at once: a workload each, so each needs at least one, and the list a count.</summary>
    private static List<int> ParseInFlight(string name, string value)
    {
        List<int> counts = [.. Split(value).Select(item => ParseCount(name, item, minimum: 1)).Distinct()];
        return counts.Count > 0 ? counts : throw new ArgumentException($"{name} names no count of requests in flight, got \"{value}\".");
    }

    private static int ParseCount(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= minimum
            ? count
            : throw new ArgumentException($"{name} must be a whole number{(minimum > 0 ? $" of at least {minimum}" : "")}, got \"{value}\".");

    /// <summary>A count option; 0 skips its workload, except where <paramref name="Minimum"/> is higher.</summary>
    private sealed record Count(string Name, string Help, Func<BenchmarkOptions, int> Get, Func<BenchmarkOptions, int, BenchmarkOptions> Set, int Minimum = 0);
}
