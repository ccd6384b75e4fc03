using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

[assembly: AssemblyFixture(typeof(Bridge.E2ETests.Infrastructure.InstalledClientPackage))]

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// The npm package installed as a site developer would: <c>npm pack</c> of the repository (the files the build
/// just wrote to dist/), <c>npm install --offline</c> of the tarball into a scratch project, a small TypeScript
/// consumer type-checked by the TypeScript compiler the build uses (Microsoft.TypeScript.MSBuild's tsc) and bundled
/// with the repository's esbuild. Made once per test run, on first use, and shared by the engines: 3 s to 10 s here.
/// </summary>
public sealed partial class InstalledClientPackage : IAsyncDisposable
{
    /// <summary>The package's name, as package.json has it.</summary>
    public const string PackageName = "@bridge-relay/client";

    /// <summary>
    /// The consumer: asserts at compile time that the package's fetch is typed exactly like the browser's (each
    /// assignable to the other) and that the error codes are a union of string literals, then exposes a call.
    /// </summary>
    private const string Consumer = """
        import { fetch as bridgeFetch, type BridgeError, ErrorCode, isBridgeError, type BridgeRequestInit } from "@bridge-relay/client";

        // bridge.fetch is typed exactly like fetch: each can stand for the other.
        const asFetch: typeof fetch = bridgeFetch;
        const asBridgeFetch: typeof bridgeFetch = fetch;
        type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
        const sameParameters: Same<Parameters<typeof bridgeFetch>[0], Parameters<typeof fetch>[0]> = true;
        const sameResult: Same<ReturnType<typeof bridgeFetch>, ReturnType<typeof fetch>> = true;
        const init: BridgeRequestInit = { method: "POST", timeout: 1000 };

        // The error codes are a union of string literals, not string.
        type Code = BridgeError["code"];
        const codeIsTheUnion: Same<Code, ErrorCode> = true;
        const notJustString: string extends Code ? false : true = true;
        const lost: Code = ErrorCode.RelayLost;
        // @ts-expect-error: not one of the codes
        const unknown: Code = "no-such-code";

        async function call(url: string): Promise<string> {
          try {
            const response = await bridgeFetch(url);
            return `${response.status} ${await response.text()}`;
          } catch (error) {
            if (isBridgeError(error)) return `BridgeError ${error.code}`;
            throw error;
          }
        }

        void [asFetch, asBridgeFetch, sameParameters, sameResult, init, codeIsTheUnion, notJustString, lost, unknown];
        (globalThis as unknown as { consumerCall: typeof call }).consumerCall = call;
        """;

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string root = Path.Combine(Path.GetTempPath(), "bridge-npm-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The tarball <c>npm pack</c> wrote, once made.</summary>
    public string Tarball { get; private set; } = "";

    /// <summary>The consumer bundled with esbuild (an ES module), once made.</summary>
    public string Bundle { get; private set; } = "";

    /// <summary>Packs, installs, type-checks and bundles, once; later calls return at once.</summary>
    public async Task BuildAsync(ITestOutputHelper? output)
    {
        await gate.WaitAsync();
        try
        {
            if (Bundle.Length > 0)
            {
                return;
            }
            var clock = Stopwatch.StartNew();
            var feed = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
            await Commands.RunAsync("npm", ["pack", "--pack-destination", feed, "--no-audit", "--no-fund"], Commands.RepoRoot, TimeSpan.FromMinutes(2));
            Tarball = Assert.Single(Directory.GetFiles(feed, "*.tgz"));

            var scratch = Directory.CreateDirectory(Path.Combine(root, "site")).FullName;
            File.WriteAllText(Path.Combine(scratch, "package.json"), """{ "name": "consumer", "private": true, "type": "module" }""");
            await Commands.RunAsync("npm", ["install", "--offline", "--no-audit", "--no-fund", Tarball], scratch, TimeSpan.FromMinutes(2));
            output?.WriteLine($"npm pack + npm install: {clock.Elapsed.TotalSeconds:0.0} s");

            File.WriteAllText(Path.Combine(scratch, "consumer.ts"), Consumer);
            File.WriteAllText(Path.Combine(scratch, "tsconfig.json"), """
                {
                  "compilerOptions": {
                    "target": "es2022", "module": "esnext", "moduleResolution": "bundler", "lib": ["es2022", "dom", "dom.iterable"],
                    "strict": true, "exactOptionalPropertyTypes": true, "verbatimModuleSyntax": true, "noEmit": true, "types": []
                  },
                  "files": ["consumer.ts"]
                }
                """);
            await Commands.RunAsync(TypeScriptCompiler(), ["-p", "tsconfig.json"], scratch, TimeSpan.FromMinutes(2));
            output?.WriteLine($"... + tsc: {clock.Elapsed.TotalSeconds:0.0} s");

            var bundle = Path.Combine(scratch, "consumer.js");
            var esbuild = Path.Combine(Commands.RepoRoot, "node_modules", ".bin", "esbuild");
            await Commands.RunAsync(esbuild, ["consumer.ts", "--bundle", "--format=esm", "--target=es2022", "--log-level=warning", "--outfile=" + bundle], scratch, TimeSpan.FromMinutes(2));
            Bundle = bundle;
            output?.WriteLine($"... + esbuild: {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        gate.Dispose();
        try
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing depends on it.
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The tsc of the Microsoft.TypeScript.MSBuild version Directory.Packages.props pins, from the NuGet packages folder.</summary>
    private static string TypeScriptCompiler()
    {
        var props = File.ReadAllText(Path.Combine(Commands.RepoRoot, "Directory.Packages.props"));
        var version = PinnedTypeScript().Match(props).Groups[1].Value;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var runtime = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var tsc = Path.Combine(packages, "microsoft.typescript.msbuild", version, "tools", "runtimes", runtime, "tsc");
        return File.Exists(tsc) ? tsc : throw new FileNotFoundException($"No tsc at {tsc}: restore the solution first (dotnet build).");
    }

    [GeneratedRegex("""Include="Microsoft\.TypeScript\.MSBuild" Version="([^"]+)""")]
    private static partial Regex PinnedTypeScript();
}
