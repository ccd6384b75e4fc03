namespace Bridge.Benchmark.Profiling;

/// <summary>
/// The CPU time every process of a call's path used over a pass, from /proc: the browser's processes by kind, the
/// Playwright driver, and this process, which runs the servers (and Playwright's client, idle while a pass runs in the
/// page). The renderer CPU (<see cref="RendererCpu"/>) leaves out the browser process and the network service, which
/// carry every message between frames and every request; this counts them, in clock ticks of 10 ms, so a pass must
/// take seconds.
/// </summary>
internal sealed class MachineCpu
{
    private readonly IReadOnlyDictionary<ProcessKind, double> before;

    private MachineCpu(IReadOnlyDictionary<ProcessKind, double> before) => this.before = before;

    public static MachineCpu Start() => new(Snapshot());

    /// <summary>Each kind's CPU per call since the start, ms, over <paramref name="calls"/> calls.</summary>
    public MachineCpuPerCall Stop(int calls) => MachineCpuPerCall.Between(before, Snapshot(), calls);

    /// <summary>The CPU ms used so far by the live processes of each kind.</summary>
    private static Dictionary<ProcessKind, double> Snapshot()
    {
        var totals = new Dictionary<ProcessKind, double>();
        foreach (var process in ProcessTree.Descendants())
        {
            var kind = ProcessKinds.Of(process.CommandLine);
            totals[kind] = totals.GetValueOrDefault(kind) + process.Stat.CpuMs;
        }
        totals[ProcessKind.Servers] = ProcessTree.Self()?.CpuMs ?? 0;
        return totals;
    }
}

/// <summary>Where a process sits on a call's path.</summary>
internal enum ProcessKind
{
    Browser,
    NetworkService,
    Renderers,
    OtherBrowserProcesses,
    PlaywrightDriver,
    Servers,
}

internal static class ProcessKinds
{
    /// <summary>The columns of the report, in order, with their headings.</summary>
    public static readonly IReadOnlyList<(ProcessKind Kind, string Heading)> Columns =
    [
        (ProcessKind.Browser, "Browser process"),
        (ProcessKind.NetworkService, "Network service"),
        (ProcessKind.Renderers, "Renderers"),
        (ProcessKind.OtherBrowserProcesses, "Other browser processes"),
        (ProcessKind.PlaywrightDriver, "Playwright driver"),
        (ProcessKind.Servers, "Servers (this process)"),
    ];

    /// <summary>
    /// A descendant's kind by its command line: Chromium's processes carry --type (the network service is the utility
    /// of sub-type network.mojom.NetworkService); of those without, its crash handler is another of its processes (named
    /// by its executable: every other process names the handler in an argument) and the rest is the browser process.
    /// Anything else is Playwright's driver.
    /// </summary>
    public static ProcessKind Of(string commandLine)
    {
        if (!commandLine.Contains("chrom", StringComparison.OrdinalIgnoreCase))
        {
            return ProcessKind.PlaywrightDriver;
        }
        if (commandLine.Contains("--type=renderer", StringComparison.Ordinal))
        {
            return ProcessKind.Renderers;
        }
        if (commandLine.Contains("--utility-sub-type=network.mojom.NetworkService", StringComparison.Ordinal))
        {
            return ProcessKind.NetworkService;
        }
        var executable = commandLine.Split(' ', 2)[0];
        return commandLine.Contains("--type=", StringComparison.Ordinal) || executable.Contains("crashpad", StringComparison.Ordinal)
            ? ProcessKind.OtherBrowserProcesses
            : ProcessKind.Browser;
    }
}

/// <summary>CPU ms per call of each process kind, and of all of them.</summary>
internal sealed record MachineCpuPerCall(IReadOnlyDictionary<ProcessKind, double> Ms, double TotalMs)
{
    public double Of(ProcessKind kind) => Ms.GetValueOrDefault(kind);

    /// <summary>The growth of each kind's CPU between two snapshots, per call; a kind that shrank (its process ended) counts 0.</summary>
    public static MachineCpuPerCall Between(IReadOnlyDictionary<ProcessKind, double> before, IReadOnlyDictionary<ProcessKind, double> after, int calls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        var ms = ProcessKinds.Columns.ToDictionary(
            column => column.Kind,
            column => Math.Max(0, after.GetValueOrDefault(column.Kind) - before.GetValueOrDefault(column.Kind)) / calls);
        return new(ms, ms.Values.Sum());
    }

    /// <summary>Per kind, and for the total, the median over the rounds (so the total need not be the kinds' sum).</summary>
    public static MachineCpuPerCall Medians(IReadOnlyList<MachineCpuPerCall> rounds) => new(
        ProcessKinds.Columns.ToDictionary(column => column.Kind, column => Statistics.Median([.. rounds.Select(round => round.Of(column.Kind))])),
        Statistics.Median([.. rounds.Select(round => round.TotalMs)]));
}
