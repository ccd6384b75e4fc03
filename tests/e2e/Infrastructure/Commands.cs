using System.Diagnostics;
using System.Text;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>Runs the tools a user would (dotnet pack, dotnet build, npm pack, tsc, esbuild) and fails with their output.</summary>
public static class Commands
{
    /// <summary>The repository's root: the folder holding Bridge.sln above the test assembly.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The configuration the tests were built in: the packages are made from the same build.</summary>
    public const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>Runs <paramref name="file"/> to its end in <paramref name="directory"/>; returns its output, or throws with it on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string directory, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = StartInfo(file, arguments, directory) };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(file, arguments)} did not finish within {timeout.TotalSeconds} s:\n{output}");
        }
        process.WaitForExit();
        lock (output)
        {
            return process.ExitCode == 0
                ? output.ToString()
                : throw new InvalidOperationException($"{Describe(file, arguments)} in {directory} exited with {process.ExitCode}:\n{output}");
        }
    }

    /// <summary>The start info for a child process: no MSBuild node left behind, no first-run banners or telemetry.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, string directory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["NPM_CONFIG_UPDATE_NOTIFIER"] = "false";
        return start;
    }

    private static string Describe(string file, IEnumerable<string> arguments) => string.Join(' ', [file, .. arguments]);

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Bridge.sln above {AppContext.BaseDirectory}.");
    }
}
