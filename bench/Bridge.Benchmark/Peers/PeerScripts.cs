using System.Text.Json;

namespace Bridge.Benchmark.Peers;

/// <summary>One script a mechanism's page loads to make its calls, as the browser receives it.</summary>
/// <remarks>The report sizes it with the core client (<see cref="ClientSizes"/>).</remarks>
internal sealed record ClientScript(string Mechanism, string Name, byte[] Content);

/// <summary>
/// The peers' browser builds, from npm as the benchmark's dev dependencies (bench/package.json, installed into
/// bench/node_modules by <c>npm ci --prefix bench</c>), and the benchmark's own page side of the penpal relay.
/// Read once at start-up, so a missing install stops the run before any browser starts.
/// </summary>
internal sealed class PeerScripts
{
    private PeerScripts(ClientScript xdomain, ClientScript penpal, ClientScript penpalPage)
    {
        Xdomain = xdomain;
        Penpal = penpal;
        PenpalPage = penpalPage;
    }

    /// <summary>xdomain's minified build: the master (page) and the slave (proxy page) load the same file.</summary>
    public ClientScript Xdomain { get; }

    /// <summary>penpal's minified browser build (a global <c>Penpal</c>): the page and the relay page load it.</summary>
    public ClientScript Penpal { get; }

    /// <summary>The benchmark's page side of the penpal relay (penpal-fetch.js, not minified).</summary>
    public ClientScript PenpalPage { get; }

    /// <summary>What each peer's page loads before its first call, for the report's size row.</summary>
    public IReadOnlyList<ClientScript> ClientScripts => [Xdomain, Penpal, PenpalPage];

    /// <summary>Reads the peers from bench/node_modules, or throws <see cref="PeersNotInstalledException"/> saying how to install them.</summary>
    public static PeerScripts Load()
    {
        var modules = NodeModules();
        return new PeerScripts(
            Package(modules, "xdomain", "dist/xdomain.min.js", "xdomain.min.js"),
            Package(modules, "penpal", "dist/penpal.min.js", "penpal.min.js"),
            new ClientScript("penpal", "the benchmark's page side of its penpal relay (penpal-fetch.js, not minified)",
                EmbeddedScripts.Read("Bridge.Benchmark.Peers.penpal-fetch.js")));
    }

    private static ClientScript Package(string modules, string package, string file, string label)
    {
        var directory = Path.Combine(modules, package);
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new PeersNotInstalledException($"{path} is missing.");
        }
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "package.json")));
        var version = manifest.RootElement.GetProperty("version").GetString();
        return new ClientScript(package, $"{package} {version} ({label})", File.ReadAllBytes(path));
    }

    /// <summary>bench/node_modules beside bench/package.json, above the working directory or the build output.</summary>
    private static string NodeModules()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var bench = Path.Combine(directory.FullName, "bench");
                if (File.Exists(Path.Combine(bench, "package.json")) && Directory.Exists(Path.Combine(bench, "Bridge.Benchmark")))
                {
                    return Path.Combine(bench, "node_modules");
                }
            }
        }
        throw new PeersNotInstalledException("bench/package.json was not found above the working directory or the build output.");
    }
}

/// <summary>The peers (xdomain, penpal) are not installed: the message says what is missing and the command that installs them.</summary>
internal sealed class PeersNotInstalledException(string missing)
    : Exception($"The benchmark's peers are not installed: {missing} Run `npm ci --prefix bench` in the repository, then run the benchmark again.");
