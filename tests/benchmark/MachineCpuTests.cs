using Bridge.Benchmark.Profiling;

namespace Bridge.Benchmark.Tests;

/// <summary>Every process's CPU per call: the stat line's ticks, each process's kind, and the per-call arithmetic.</summary>
public sealed class MachineCpuTests
{
    [Fact]
    public void AStatLineGivesItsParentAndItsUserAndSystemTicksWhateverItsCommandName()
    {
        // Fields after comm: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        var stat = StatFields.Parse("4242 (Web Content (x) ) S 17 4242 17 0 -1 4194560 900 0 3 0 250 75 0 0 20 0 30 0");

        Assert.Equal(new StatFields(17, 250, 75), stat);
        Assert.Equal(3250.0, stat!.CpuMs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12 (no closing parenthesis S 1")]
    [InlineData("12 (short) S 1 12 1")]
    public void AStatLineThatCannotBeReadIsNone(string? stat)
    {
        Assert.Null(StatFields.Parse(stat));
    }

    [Theory]
    [InlineData("/usr/lib/chromium/chromium --no-sandbox --remote-debugging-pipe about:blank", nameof(ProcessKind.Browser))]
    [InlineData("/usr/lib/chromium/chromium --type=renderer --crashpad-handler-pid=70 --renderer-client-id=7", nameof(ProcessKind.Renderers))]
    [InlineData("/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService --crashpad-handler-pid=70", nameof(ProcessKind.NetworkService))]
    [InlineData("/usr/lib/chromium/chromium --type=utility --utility-sub-type=storage.mojom.StorageService", nameof(ProcessKind.OtherBrowserProcesses))]
    [InlineData("/usr/lib/chromium/chromium --type=zygote --no-zygote-sandbox", nameof(ProcessKind.OtherBrowserProcesses))]
    [InlineData("/usr/lib/chromium/chrome_crashpad_handler --monitor-self --database=/tmp/x", nameof(ProcessKind.OtherBrowserProcesses))]
    [InlineData("/root/.cache/ms-playwright/node/node /root/.cache/ms-playwright/package/cli.js run-driver", nameof(ProcessKind.PlaywrightDriver))]
    public void AProcessIsKnownByItsCommandLine(string commandLine, string expected)
    {
        Assert.Equal(expected, ProcessKinds.Of(commandLine).ToString());
    }

    [Fact]
    public void PerCallIsEachKindsGrowthOverTheCallsAndAKindThatShrankCountsNothing()
    {
        var before = new Dictionary<ProcessKind, double> { [ProcessKind.Browser] = 1000, [ProcessKind.Renderers] = 500, [ProcessKind.Servers] = 300 };
        // A renderer ended meanwhile: its kind's sum fell. The network service started: it had no figure before.
        var after = new Dictionary<ProcessKind, double> { [ProcessKind.Browser] = 1400, [ProcessKind.Renderers] = 100, [ProcessKind.Servers] = 500, [ProcessKind.NetworkService] = 100 };

        var perCall = MachineCpuPerCall.Between(before, after, 100);

        Assert.Equal(4.0, perCall.Of(ProcessKind.Browser));
        Assert.Equal(0.0, perCall.Of(ProcessKind.Renderers));
        Assert.Equal(2.0, perCall.Of(ProcessKind.Servers));
        Assert.Equal(1.0, perCall.Of(ProcessKind.NetworkService));
        Assert.Equal(0.0, perCall.Of(ProcessKind.PlaywrightDriver));
        Assert.Equal(7.0, perCall.TotalMs);
        Assert.Equal(ProcessKinds.Columns.Select(column => column.Kind).Order(), perCall.Ms.Keys.Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => MachineCpuPerCall.Between(before, after, 0));
    }

    [Fact]
    public void TheMediansAreEachKindsAndTheTotalsOwnNotTheSumOfTheKinds()
    {
        static MachineCpuPerCall Round(double browser, double servers) => MachineCpuPerCall.Between(
            new Dictionary<ProcessKind, double>(),
            new Dictionary<ProcessKind, double> { [ProcessKind.Browser] = browser, [ProcessKind.Servers] = servers },
            1);

        // Totals 11, 3 and 12: their median is 11, while the kinds' medians (2 and 2) add up to 4.
        var medians = MachineCpuPerCall.Medians([Round(10, 1), Round(1, 2), Round(2, 10)]);

        Assert.Equal(2.0, medians.Of(ProcessKind.Browser));
        Assert.Equal(2.0, medians.Of(ProcessKind.Servers));
        Assert.Equal(11.0, medians.TotalMs);
    }
}
