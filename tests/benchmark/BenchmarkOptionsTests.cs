using Bridge.Benchmark.Profiling;

namespace Bridge.Benchmark.Tests;

/// <summary>The command line and the environment variables, read into what the benchmark measures.</summary>
public sealed class BenchmarkOptionsTests
{
    private static readonly BenchmarkOptions Defaults = new();

    /// <summary>Every count option with the property it sets.</summary>
    public static readonly TheoryData<string, string> CountOptions = new()
    {
        { "runs", nameof(BenchmarkOptions.Runs) },
        { "warmup", nameof(BenchmarkOptions.Warmup) },
        { "latency", nameof(BenchmarkOptions.Latency) },
        { "post", nameof(BenchmarkOptions.Post) },
        { "delayed-post", nameof(BenchmarkOptions.DelayedPost) },
        { "small-downloads", nameof(BenchmarkOptions.SmallDownloads) },
        { "large-downloads", nameof(BenchmarkOptions.LargeDownloads) },
        { "concurrent", nameof(BenchmarkOptions.Concurrent) },
        { "first-byte", nameof(BenchmarkOptions.FirstByte) },
        { "fresh-pages", nameof(BenchmarkOptions.FreshPages) },
        { "memory-small-mib", nameof(BenchmarkOptions.MemorySmallMiB) },
        { "memory-large-mib", nameof(BenchmarkOptions.MemoryLargeMiB) },
    };

    private static readonly string[] CountProperties = [.. CountOptions.Select(row => row.Data.Item2)];

    [Fact]
    public void WithoutArgumentsMeasuresEveryGoalRowInBothEnginesAndSiteSetupsThreeTimes()
    {
        var options = Parse();

        Assert.Equal(["chromium", "firefox"], options.Engines);
        Assert.Equal([SiteSetup.Cross, SiteSetup.Same], options.Sites);
        Assert.Equal(3, options.Runs);
        // The goals read the rows of 64 and 256 in flight and of the 256 MiB memory read.
        Assert.Equal([64, 256], options.InFlight);
        Assert.Equal(256, options.MemoryLargeMiB);
        Assert.Null(options.Output);
    }

    [Fact]
    public void QuickIsOneRunWithEveryCountAtMostTheDefault()
    {
        var options = Parse("--quick");

        Assert.Equal(BenchmarkOptions.Quick, options);
        Assert.Equal(1, options.Runs);
        Assert.All(CountProperties, property => Assert.True(Count(options, property) <= Count(Defaults, property), property));
        Assert.Contains(CountProperties, property => Count(options, property) < Count(Defaults, property));
    }

    [Theory]
    [MemberData(nameof(CountOptions))]
    public void EachCountOptionSetsItsOwnCountAndNoOther(string name, string property)
    {
        foreach (var args in new[] { new[] { $"--{name}", "7" }, [$"--{name}=7"] })
        {
            var options = Parse(args);

            Assert.Equal(7, Count(options, property));
            Assert.All(CountProperties.Where(other => other != property), other => Assert.Equal(Count(Defaults, other), Count(options, other)));
        }
    }

    [Theory]
    [MemberData(nameof(CountOptions))]
    public void EachCountComesFromItsVariableUnlessAnArgumentGivesIt(string name, string property)
    {
        var variable = "BENCH_" + name.ToUpperInvariant().Replace('-', '_');
        var environment = new Dictionary<string, string> { [variable] = "6" };

        Assert.Equal(6, Count(Parse(environment), property));
        Assert.Equal(8, Count(Parse(environment, $"--{name}", "8"), property));
        Assert.Contains($"--{name}", BenchmarkOptions.Usage, StringComparison.Ordinal);
        Assert.Contains(variable, BenchmarkOptions.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void CountsGivenAfterQuickOrBeforeItWinOverQuicksOwn()
    {
        Assert.Equal(7, Parse("--latency", "7", "--quick").Latency);
        Assert.Equal(7, Parse("--quick", "--latency", "7").Latency);
        Assert.Equal(1, Parse("--latency", "7", "--quick").Runs);
    }

    [Fact]
    public void ZeroSkipsAWorkload()
    {
        var options = Parse("--latency", "0", "--memory-large-mib", "0");

        Assert.Equal(0, options.Latency);
        Assert.Equal(0, options.MemoryLargeMiB);
    }

    [Theory]
    [InlineData("same", new[] { "same" })]
    [InlineData("same,cross", new[] { "same", "cross" })]
    [InlineData(" Cross , cross,", new[] { "cross" })]
    public void SitesRunInTheOrderGivenEachOnce(string sites, string[] expected)
    {
        Assert.Equal(expected, Parse("--sites", sites).Sites.Select(site => site.Name));
    }

    [Fact]
    public void EnginesComeFromTheArgumentOverTheVariable()
    {
        var environment = new Dictionary<string, string> { ["BRIDGE_BROWSERS"] = "firefox" };

        Assert.Equal(["firefox"], Parse(environment).Engines);
        Assert.Equal(["chromium"], Parse(environment, "--engines", " Chromium ").Engines);
    }

    [Fact]
    public void AnEngineTheBenchmarkDoesNotRunInTheVariableIsFineWhenTheArgumentReplacesIt()
    {
        // scripts/test.sh's BRIDGE_BROWSERS may name webkit for the e2e tests; its smoke run passes --engines chromium.
        var environment = new Dictionary<string, string> { ["BRIDGE_BROWSERS"] = "chromium,firefox,webkit" };

        Assert.Equal(["chromium"], Parse(environment, "--engines", "chromium").Engines);
    }

    [Fact]
    public void InFlightCountsComeFromTheArgumentOverTheVariableEachOnce()
    {
        var environment = new Dictionary<string, string> { ["BENCH_IN_FLIGHT"] = "16" };

        Assert.Equal([16], Parse(environment).InFlight);
        Assert.Equal([8, 32], Parse(environment, "--in-flight", "8,32,8").InFlight);
    }

    [Theory]
    [InlineData("--out", "/tmp/bench/run.md")]
    [InlineData("--out=/tmp/bench/a=b.md")]
    public void OutIsThePathGiven(params string[] args)
    {
        Assert.Equal(args.Length == 2 ? args[1] : "/tmp/bench/a=b.md", Parse(args).Output);
    }

    [Theory]
    [InlineData("--latnecy", "--latnecy", "3")]
    [InlineData("-quick", "-quick")]
    [InlineData("--out", "--out")]
    [InlineData("--runs", "--quick", "--runs")]
    [InlineData("--runs", "--runs", "0")]
    [InlineData("--runs", "--runs", "-1")]
    [InlineData("--latency", "--latency", "-1")]
    [InlineData("--latency", "--latency", "+3")]
    [InlineData("--latency", "--latency", "three")]
    [InlineData("--latency", "--latency=")]
    [InlineData("--concurrent", "--concurrent", "99999999999")]
    [InlineData("--in-flight", "--in-flight", "64,0")]
    [InlineData("--in-flight", "--in-flight", "-64")]
    [InlineData("--in-flight", "--in-flight", ",")]
    [InlineData("--quick", "--quick=1")]
    [InlineData("--engines", "--engines", "safari")]
    [InlineData("--engines", "--engines", ",")]
    [InlineData("--sites", "--sites", "far")]
    [InlineData("--sites", "--sites", ",")]
    public void RefusesBadInputNamingTheOption(string named, params string[] args)
    {
        var exception = Assert.Throws<ArgumentException>(() => Parse(args));

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BENCH_RUNS", "0")]
    [InlineData("BENCH_LATENCY", "-5")]
    [InlineData("BENCH_IN_FLIGHT", "0")]
    [InlineData("BENCH_IN_FLIGHT", " , ")]
    [InlineData("BRIDGE_BROWSERS", "safari")]
    [InlineData("BRIDGE_BROWSERS", ",")]
    public void RefusesABadVariableNamingIt(string variable, string value)
    {
        var exception = Assert.Throws<ArgumentException>(() => Parse(new Dictionary<string, string> { [variable] = value }));

        Assert.Contains(variable, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAnUnknownEngineOrSiteNamingIt()
    {
        Assert.Contains("safari", Assert.Throws<ArgumentException>(() => Parse("--engines", "chromium,safari")).Message, StringComparison.Ordinal);
        Assert.Contains("far", Assert.Throws<ArgumentException>(() => Parse("--sites", "cross,far")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProfileIsTheFolderGivenAndProfilesTheCallCountsWithTheFirstInFlightCount()
    {
        var options = Parse("--profile", "/tmp/profile", "--concurrent", "100", "--in-flight", "8,32");

        Assert.Equal("/tmp/profile", options.Profile);
        var workload = ProfileWorkload.From(options);
        Assert.Equal(8, workload.InFlight);
        Assert.Equal(100, workload.Concurrent);
        Assert.Equal(2 * options.Warmup + options.Latency + options.Post + 100, workload.Calls);
    }

    [Fact]
    public void ProfileWithNoCallsToProfileIsRefused()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            Parse("--profile", "/tmp/profile", "--warmup", "0", "--latency", "0", "--post", "0", "--concurrent", "0"));

        Assert.Contains("--profile", exception.Message, StringComparison.Ordinal);
        Assert.Null(Parse("--warmup", "0", "--latency", "0", "--post", "0", "--concurrent", "0").Profile);
    }

    private static BenchmarkOptions Parse(params string[] args) => Parse(new Dictionary<string, string>(), args);

    private static BenchmarkOptions Parse(Dictionary<string, string> environment, params string[] args) =>
        BenchmarkOptions.Parse(args, environment.GetValueOrDefault);

    private static int Count(BenchmarkOptions options, string property) =>
        (int)typeof(BenchmarkOptions).GetProperty(property)!.GetValue(options)!;
}
