using System.Diagnostics;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> (the Debian package) of the test's own: no TCP port (<c>--port 0</c>), a Unix socket in a
/// temporary directory, nothing saved to disk. Started when its log says it accepts connections; stopped and its
/// directory removed on disposal.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private readonly Process process;
    private readonly string directory;

    private RedisServer(Process process, string directory)
    {
        this.process = process;
        this.directory = directory;
    }

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>The SSO's <c>SingleSignOn:Redis</c> value for this server.</summary>
    public string ConnectionString => $"unix:{SocketPath}";

    private string SocketPath => Path.Combine(directory, "redis.sock");

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("bridge-redis-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--port", "0", "--unixsocket", Path.Combine(directory, "redis.sock"), "--unixsocketperm", "700",
            "--dir", directory, "--save", "", "--appendonly", "no", "--loglevel", "notice",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        var server = new RedisServer(process, directory);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Reads the server's log until it accepts connections on its socket, or fails with the log if it exits.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var log = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            log.Add(line);
            if (line.Contains("ready to accept connections", StringComparison.OrdinalIgnoreCase))
            {
                // Keep draining its output, so that a full pipe never blocks the server.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return;
            }
        }
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        throw new InvalidOperationException($"{Executable} exited before accepting connections:\n{string.Join('\n', log)}\n{errors}");
    }
}
