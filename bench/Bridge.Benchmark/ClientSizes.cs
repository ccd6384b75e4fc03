using System.Diagnostics;
using System.Text.Json;

namespace Bridge.Benchmark;

/// <summary>A script's size as a site would serve it: the file's bytes (the build output, already minified) and gzip at level 9.</summary>
internal sealed record ScriptSize(string Label, string Path, long? MinifiedBytes, long? GzipBytes, string? Note);

/// <summary>
/// Sizes of the clients' scripts as the build wrote them, gzipped at level 9 by Node's zlib: the same compressor
/// that src/bridge-ts/test/client/size.test.ts uses on the same esbuild bundle as dist/bridge.mjs, so the numbers
/// agree with it to the byte (.NET's own gzip at its smallest level gives other byte counts).
/// </summary>
internal static class ClientSizes
{
    public const string CoreClientPath = "src/bridge-ts/dist/bridge.mjs";

    private static readonly (string Label, string Path)[] Scripts =
    [
        ("Core client, ES module (the bundle size.test.ts measures)", CoreClientPath),
        ("Core client, classic script", "src/bridge-ts/dist/bridge.js"),
    ];

    private const string GzipScript = """
        const { readFileSync } = require("node:fs");
        const { gzipSync } = require("node:zlib");
        console.log(JSON.stringify(process.argv.slice(1).map((file) => {
          const bytes = readFileSync(file);
          return [bytes.length, gzipSync(bytes, { level: 9 }).length];
        })));
        """;

    public static async Task<IReadOnlyList<ScriptSize>> MeasureAsync(string repositoryRoot)
    {
        var present = Scripts.Where(script => File.Exists(System.IO.Path.Combine(repositoryRoot, script.Path))).ToArray();
        var sizes = new Dictionary<string, long[]>();
        string? failure = null;
        if (present.Length > 0)
        {
            try
            {
                var measured = await RunNodeAsync(repositoryRoot, [.. present.Select(script => script.Path)]);
                for (var i = 0; i < present.Length; i++)
                {
                    sizes[present[i].Path] = measured[i];
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or JsonException)
            {
                failure = $"not measured: node failed ({exception.Message})";
            }
        }
        return
        [
            .. Scripts.Select(script => sizes.TryGetValue(script.Path, out var size)
                ? new ScriptSize(script.Label, script.Path, size[0], size[1], null)
                : new ScriptSize(script.Label, script.Path, null, null, failure ?? "not measured: no such file (build it first)")),
        ];
    }

    private static async Task<long[][]> RunNodeAsync(string workingDirectory, string[] files)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-e", GzipScript, .. files])
        {
            start.ArgumentList.Add(argument);
        }
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"exit code {node.ExitCode}: {(await error).Trim()}");
        }
        return JsonSerializer.Deserialize<long[][]>(await output) is { } sizes && sizes.Length == files.Length
            ? sizes
            : throw new InvalidOperationException("node printed no sizes");
    }
}
