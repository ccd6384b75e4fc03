using System.Globalization;

namespace Bridge.Benchmark;

/// <summary>
/// This process's descendants from /proc (the browsers it launched, their processes, Playwright's driver), each with
/// its command line and the fields of its stat line. Empty where /proc is unavailable.
/// </summary>
internal static class ProcessTree
{
    /// <summary>A process: its id, its command line (arguments joined by spaces), and its /proc stat fields.</summary>
    public sealed record Process(int Pid, string CommandLine, StatFields Stat);

    public static IReadOnlyList<Process> Descendants()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return [];
        }
        var stats = new Dictionary<int, StatFields>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StatFields.Parse(Read($"/proc/{pid}/stat")) is { } stat)
            {
                stats[pid] = stat;
            }
        }
        var children = stats.ToLookup(entry => entry.Value.ParentPid, entry => entry.Key);
        var result = new List<Process>();
        var pending = new Stack<int>([Environment.ProcessId]);
        while (pending.TryPop(out var pid))
        {
            foreach (var child in children[pid])
            {
                pending.Push(child);
                if (Read($"/proc/{child}/cmdline") is { } commandLine)
                {
                    result.Add(new Process(child, commandLine.Replace('\0', ' ').TrimEnd(), stats[child]));
                }
            }
        }
        return result;
    }

    /// <summary>The stat fields of this very process.</summary>
    public static StatFields? Self() => StatFields.Parse(Read("/proc/self/stat"));

    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked: it no longer counts.
            return null;
        }
    }
}

/// <summary>
/// What the benchmark reads of a /proc/PID/stat line: the parent's id, and the CPU time the process's threads have
/// used in user and kernel mode, in clock ticks (utime and stime, fields 14 and 15 of proc(5)).
/// </summary>
internal sealed record StatFields(int ParentPid, long UserTicks, long SystemTicks)
{
    /// <summary>proc(5)'s clock ticks per second (USER_HZ), which Linux fixes at 100 for user space.</summary>
    public const double TicksPerSecond = 100;

    public double CpuMs => (UserTicks + SystemTicks) * 1000 / TicksPerSecond;

    /// <summary>"pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields count from its last ')'.</summary>
    public static StatFields? Parse(string? stat)
    {
        var end = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || end < 0)
        {
            return null;
        }
        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After comm: state (3), ppid (4), ... utime (14), stime (15).
        return fields.Length > 12
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? new StatFields(parent, user, system)
            : null;
    }
}
