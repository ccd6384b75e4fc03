using System.Diagnostics;
using System.Text.Json;

[assembly: AssemblyFixture(typeof(Bridge.E2ETests.Infrastructure.InstalledRelayPackage))]

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// The Bridge.Relay NuGet package installed as a user would: <c>dotnet pack</c> of src/Bridge.Relay into a folder
/// feed, a fresh minimal ASP.NET Core app in a temporary folder that restores it from that feed alone (its own
/// nuget.config and packages folder, so neither the network nor a cached copy can stand in), the two lines and a
/// one-site policy, built and started on port 0, its address read back from its log. Made once per test run, on first
/// use, and shared by the engines: 15 s to 60 s on 2 shared cores, with load (pack 3-20 s from the tests' own build,
/// the app's restore and build 10-35 s, start 2 s).
/// </summary>
public sealed class InstalledRelayPackage : IAsyncDisposable
{
    /// <summary>What the installed app's one endpoint answers.</summary>
    public const string Greeting = "Hello from an app that installed Bridge.Relay";

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string root = Path.Combine(Path.GetTempPath(), "bridge-package-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? app;
    private string? allowedOrigin;

    /// <summary>The folder feed <c>dotnet pack</c> wrote.</summary>
    public string Feed => Path.Combine(root, "feed");

    /// <summary>The installed app's origin, once started.</summary>
    public string Origin { get; private set; } = "";

    /// <summary>The .nupkg file, once packed.</summary>
    public string PackagePath { get; private set; } = "";

    /// <summary>
    /// Packs, installs, builds and starts the app with a policy allowing <paramref name="pageOrigin"/> (the first
    /// caller's; later callers must ask for the same), once; later calls return at once.
    /// </summary>
    public async Task StartAsync(string pageOrigin, ITestOutputHelper? output)
    {
        await gate.WaitAsync();
        try
        {
            if (app is not null)
            {
                Assert.Equal(allowedOrigin, pageOrigin);
                return;
            }
            allowedOrigin = pageOrigin;
            var clock = Stopwatch.StartNew();
            Directory.CreateDirectory(Feed);
            await Commands.RunAsync("dotnet", ["pack", Path.Combine(Commands.RepoRoot, "src", "Bridge.Relay"), "--no-build", "-c", Commands.Configuration, "-o", Feed], Commands.RepoRoot, TimeSpan.FromMinutes(5));
            PackagePath = Assert.Single(Directory.GetFiles(Feed, "Bridge.Relay.*.nupkg"));
            output?.WriteLine($"dotnet pack: {clock.Elapsed.TotalSeconds:0.0} s");

            var appDirectory = WriteApp(Path.GetFileNameWithoutExtension(PackagePath)["Bridge.Relay.".Length..], pageOrigin);
            await Commands.RunAsync("dotnet", ["build", "-c", "Release"], appDirectory, TimeSpan.FromMinutes(5));
            output?.WriteLine($"dotnet pack + the app's restore and build: {clock.Elapsed.TotalSeconds:0.0} s");

            (app, var listening) = await StartAppAsync(appDirectory);
            Origin = $"http://localhost:{listening.Port}";
            output?.WriteLine($"pack, install, build and start: {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            app.Dispose();
        }
        gate.Dispose();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing depends on it.
        }
    }

    /// <summary>A user's app, as small as it can be: the two lines, a one-site policy and one endpoint to call.</summary>
    private string WriteApp(string version, string pageOrigin)
    {
        // Stops MSBuild and the SDK resolver from finding anything above the temp folder; the repository's SDK pin.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />");
        File.Copy(Path.Combine(Commands.RepoRoot, "global.json"), Path.Combine(root, "global.json"));
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(root, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="bridge-feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

        var directory = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
        File.WriteAllText(Path.Combine(directory, "RelayConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Bridge.Relay" Version="[{version}]" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), $$"""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddBridgeRelay();
            var app = builder.Build();
            app.MapBridgeRelay("/bridge");
            app.MapGet("/api/hello", () => Results.Json(new { message = "{{Greeting}}" }));
            app.Run();
            """);
        var settings = new { Bridge = new { Relay = new { Sites = new[] { new { Origins = new[] { pageOrigin }, Paths = new[] { "/api/**" } } } } } };
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), JsonSerializer.Serialize(settings));
        return directory;
    }

    /// <summary>
    /// Starts the app on 127.0.0.1 port 0 and returns it with the address it reports in its "Now listening on:" log
    /// line. Not localhost: Kestrel cannot bind localhost at port 0 (one number free on both 127.0.0.1 and [::1]).
    /// The tests still name the app's origin localhost, which browsers and HttpClient reach on 127.0.0.1.
    /// </summary>
    private static async Task<(Process App, Uri Listening)> StartAppAsync(string directory)
    {
        const string Listening = "Now listening on:";
        var dll = Path.Combine(directory, "bin", "Release", "net10.0", "RelayConsumer.dll");
        var process = new Process { StartInfo = Commands.StartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"], directory) };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        void Read(string? line)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
            var at = line?.IndexOf(Listening, StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(line![(at + Listening.Length)..].Trim()));
            }
        }
        process.OutputDataReceived += (_, line) => Read(line.Data);
        process.ErrorDataReceived += (_, line) => Read(line.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The installed app exited:\n{log}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return (process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The installed app did not start listening within 60 s:\n{log}");
        }
    }
}
