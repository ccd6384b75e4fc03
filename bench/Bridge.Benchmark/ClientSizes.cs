using System.Diagnostics;
using System.Text.Json;

namespace Bridge.Benchmark;

/// <summary>A script to size: what it is, where it comes from, and its bytes (null when the file is missing).</summary>
internal sealed record SizedScript(string Label, string Source, byte[]? Content);

/// <summary>A script's size as a site would serve it: its bytes as built (minified) and after gzip at level 9.</summary>
internal sealed record ScriptSize(string Label, string Source, long? MinifiedBytes, long? GzipBytes, string? Note);

/// <summary>
/// Sizes of the clients' scripts, gzipped at level 9 by Node's zlib: the compressor that
/// src/bridge-ts/test/client/size.test.ts uses on the same esbuild bundle as dist/bridge.mjs, so the two agree to the
/// byte (.NET's gzip at its smallest level gives other counts: 49 bytes more on a 7.5 KB client).
/// </summary>
internal static class ClientSizes
{
    public const string CoreClientPath = "src/bridge-ts/dist/bridge.mjs";

    private const string GzipScript = """
        const { gzipSync } = require("node:zlib");
        let input = "";
        process.stdin.setEncoding("utf8").on("data", (text) => (input += text)).on("end", () => {
          const sizes = JSON.parse(input).map((base64) => gzipSync(Buffer.from(base64, "base64"), { level: 9 }).length);
          console.log(JSON.stringify(sizes));
        });
        """;

    /// <summary>The core client as the build wrote it: the ES module (what size.test.ts measures) and the classic script.</summary>
    public static IReadOnlyList<SizedScript> CoreClient(string repositoryRoot) =>
    [
        Read(repositoryRoot, "Core client, ES module (the bundle size.test.ts measures)", CoreClientPath),
        Read(repositoryRoot, "Core client, classic script", "src/bridge-ts/dist/bridge.js"),
    ];

    public static async Task<IReadOnlyList<ScriptSize>> MeasureAsync(IReadOnlyList<SizedScript> scripts)
    {
        var present = scripts.Where(script => script.Content is not null).ToArray();
        long[] gzipped = [];
        string? failure = null;
        try
        {
            gzipped = present.Length == 0 ? [] : await GzipAsync([.. present.Select(script => script.Content!)]);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or JsonException)
        {
            failure = $"not measured: node failed ({exception.Message})";
        }
        return
        [
            .. scripts.Select(script => (Array.IndexOf(present, script), script.Content) switch
            {
                (>= 0 and var index, { } content) when failure is null => new ScriptSize(script.Label, script.Source, content.Length, gzipped[index], null),
                (_, null) => new ScriptSize(script.Label, script.Source, null, null, "not measured: no such file (build it first)"),
                _ => new ScriptSize(script.Label, script.Source, null, null, failure),
            }),
        ];
    }

    private static SizedScript Read(string repositoryRoot, string label, string path)
    {
        var file = Path.Combine(repositoryRoot, path);
        return new SizedScript(label, path, File.Exists(file) ? File.ReadAllBytes(file) : null);
    }

    private static async Task<long[]> GzipAsync(byte[][] contents)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(GzipScript);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(contents.Select(Convert.ToBase64String)));
        node.StandardInput.Close();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"exit code {node.ExitCode}: {(await error).Trim()}");
        }
        return JsonSerializer.Deserialize<long[]>(await output) is { } sizes && sizes.Length == contents.Length
            ? sizes
            : throw new InvalidOperationException("node printed no sizes");
    }
}
