using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Bridge.Benchmark;

/// <summary>What the numbers were taken on and with, for the report's header and the JSON.</summary>
internal sealed record MachineInfo(string Os, string? Cpu, int Cores, double? MemoryGiB, string DotNet, string? Playwright)
{
    public static MachineInfo Read() => new(
        RuntimeInformation.OSDescription,
        ProcFileValue("/proc/cpuinfo", "model name"),
        Environment.ProcessorCount,
        ProcFileValue("/proc/meminfo", "MemTotal") is { } total
            && double.TryParse(total.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes)
                ? Math.Round(kilobytes / (1024 * 1024), 1)
                : null,
        Environment.Version.ToString(),
        typeof(Microsoft.Playwright.IPlaywright).Assembly.GetName().Version?.ToString());

    /// <summary>The machine's one-minute load average (Linux), to tell a quiet run from a disturbed one.</summary>
    public static double? LoadAverage() =>
        Read("/proc/loadavg")?.Split(' ')[0] is { } first && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;

    /// <summary>The commit measured, with "+ changes" when the work tree differs from it; null outside a git checkout.</summary>
    public static async Task<string?> CommitAsync(string repositoryRoot)
    {
        try
        {
            var commit = await GitAsync(repositoryRoot, "rev-parse", "--short", "HEAD");
            var changes = await GitAsync(repositoryRoot, "status", "--porcelain", "--untracked-files=no");
            return commit.Length == 0 ? null : changes.Length == 0 ? commit : commit + " + changes";
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The installed version of each of bench/package.json's dev dependencies (chart.js, the peers), by name.</summary>
    public static IReadOnlyDictionary<string, string> BenchPackages(string repositoryRoot)
    {
        var bench = Path.Combine(repositoryRoot, "bench");
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Read(Path.Combine(bench, "package.json")) is not { } manifest)
        {
            return versions;
        }
        using var document = JsonDocument.Parse(manifest);
        if (!document.RootElement.TryGetProperty("devDependencies", out var dependencies))
        {
            return versions;
        }
        foreach (var dependency in dependencies.EnumerateObject())
        {
            var installed = Read(Path.Combine(bench, "node_modules", dependency.Name, "package.json"));
            using var package = installed is null ? null : JsonDocument.Parse(installed);
            versions[dependency.Name] = package?.RootElement.TryGetProperty("version", out var version) == true
                ? version.GetString() ?? "?"
                : "not installed";
        }
        return versions;
    }

    private static async Task<string> GitAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var error = git.StandardError.ReadToEndAsync();
        var output = await git.StandardOutput.ReadToEndAsync();
        await Task.WhenAll(error, git.WaitForExitAsync());
        return git.ExitCode == 0 ? output.Trim() : "";
    }

    private static string? ProcFileValue(string path, string key) =>
        Read(path)?.Split('\n').Select(line => line.Split(':', 2)).FirstOrDefault(pair => pair.Length == 2 && pair[0].Trim() == key)?[1].Trim();

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
