using System.Globalization;

namespace Bridge.Benchmark;

/// <summary>
/// How much to measure. Defaults keep a run of both engines within a few minutes on two cores; <c>--quick</c> is a
/// smoke run. Each count can be set with <c>--name N</c> or the environment variable <c>BENCH_NAME</c> (arguments
/// win); the engines come from <c>--engines</c> or <c>BRIDGE_BROWSERS</c>, as in the e2e tests.
/// </summary>
internal sealed record BenchmarkOptions
{
    public IReadOnlyList<string> Engines { get; init; } = ["chromium", "firefox"];

    /// <summary>Untimed requests before each latency series.</summary>
    public int Warmup { get; init; } = 30;

    /// <summary>Sequential GET /api/hello requests per mechanism.</summary>
    public int Latency { get; init; } = 300;

    /// <summary>Sequential 1 KiB POST /api/echo requests per mechanism, in each of the two POST workloads.</summary>
    public int Post { get; init; } = 300;

    /// <summary>Repetitions of the 1 MiB download.</summary>
    public int SmallDownloads { get; init; } = 5;

    /// <summary>Repetitions of the 16 MiB download.</summary>
    public int LargeDownloads { get; init; } = 3;

    /// <summary>Requests in the concurrency workload, and how many are in flight at once.</summary>
    public int Concurrent { get; init; } = 2000;

    public int InFlight { get; init; } = 64;

    /// <summary>Requests to /api/slow?ms=200 per mechanism for the time to first byte.</summary>
    public int FirstByte { get; init; } = 10;

    /// <summary>Fresh pages per mechanism for the first-call (handshake) cost.</summary>
    public int FreshPages { get; init; } = 5;

    /// <summary>The two body sizes of the memory measurement (Chromium), in MiB; 0 for the large one skips it.</summary>
    public int MemorySmallMiB { get; init; } = 16;

    public int MemoryLargeMiB { get; init; } = 256;

    /// <summary>Serve the page from 127.0.0.1 (another site than the service's localhost) instead of another port.</summary>
    public bool CrossSite { get; init; }

    /// <summary>Where the markdown report goes; default bench/results/latest.md in the repository.</summary>
    public string? Output { get; init; }

    public static BenchmarkOptions Quick { get; } = new()
    {
        Warmup = 10,
        Latency = 50,
        Post = 50,
        SmallDownloads = 2,
        LargeDownloads = 1,
        Concurrent = 300,
        FirstByte = 3,
        FreshPages = 2,
        MemoryLargeMiB = 64,
    };

    private static readonly Count[] Counts =
    [
        new("warmup", "untimed requests before each latency series", o => o.Warmup, (o, v) => o with { Warmup = v }),
        new("latency", "sequential GET /api/hello per mechanism", o => o.Latency, (o, v) => o with { Latency = v }),
        new("post", "sequential 1 KiB POST /api/echo per mechanism, same URL and new URLs", o => o.Post, (o, v) => o with { Post = v }),
        new("small-downloads", "repetitions of the 1 MiB download", o => o.SmallDownloads, (o, v) => o with { SmallDownloads = v }),
        new("large-downloads", "repetitions of the 16 MiB download", o => o.LargeDownloads, (o, v) => o with { LargeDownloads = v }),
        new("concurrent", "requests in the concurrency workload", o => o.Concurrent, (o, v) => o with { Concurrent = v }),
        new("in-flight", "requests in flight at once in that workload", o => o.InFlight, (o, v) => o with { InFlight = v }),
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
        "  --cross-site            page on 127.0.0.1 (another site than the service) instead of another port",
        "  --out PATH              report file (default bench/results/latest.md)",
        .. Counts.Select(count => $"  --{count.Name,-21} {count.Help} (BENCH_{EnvironmentName(count.Name)}; default {count.Get(new BenchmarkOptions())})"),
    ]);

    /// <summary>Reads the options, or throws an <see cref="ArgumentException"/> naming the bad one.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = args.Contains("--quick") ? Quick : new BenchmarkOptions();
        var engines = environment("BRIDGE_BROWSERS");
        if (!string.IsNullOrWhiteSpace(engines))
        {
            options = options with { Engines = SplitEngines(engines) };
        }
        foreach (var count in Counts)
        {
            var variable = "BENCH_" + EnvironmentName(count.Name);
            if (environment(variable) is { Length: > 0 } value)
            {
                options = count.Set(options, ParseCount(variable, value));
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value."));
            switch (name)
            {
                case "--quick":
                    break;
                case "--cross-site":
                    options = options with { CrossSite = true };
                    break;
                case "--engines":
                    options = options with { Engines = SplitEngines(Value()) };
                    break;
                case "--out":
                    options = options with { Output = Value() };
                    break;
                default:
                    var count = Counts.FirstOrDefault(c => "--" + c.Name == name);
                    if (count is null)
                    {
                        throw new ArgumentException($"Unknown option {name}.");
                    }
                    options = count.Set(options, ParseCount(name, Value()));
                    break;
            }
        }

        if (options.Engines.FirstOrDefault(engine => engine is not ("chromium" or "firefox")) is { } unknown)
        {
            throw new ArgumentException($"Unknown engine {unknown}: the benchmark runs chromium and firefox.");
        }
        return options;
    }

    private static string EnvironmentName(string name) => name.ToUpperInvariant().Replace('-', '_');

    private static List<string> SplitEngines(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(engine => engine.ToLowerInvariant())];

    private static int ParseCount(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new ArgumentException($"{name} must be a whole number, got \"{value}\".");

    private sealed record Count(string Name, string Help, Func<BenchmarkOptions, int> Get, Func<BenchmarkOptions, int, BenchmarkOptions> Set);
}
