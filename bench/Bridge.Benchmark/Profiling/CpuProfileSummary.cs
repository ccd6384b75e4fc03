using System.Text.Json;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// One frame's DevTools CPU profile (the <c>profile</c> that <c>Profiler.stop</c> returns, as a .cpuprofile holds it)
/// summed and divided by the calls made while it ran. Each sample lasts until the next one (the last until the
/// profile's end), as DevTools counts it. Busy time is every sample but <c>(idle)</c>, split into the mechanism's own
/// script (a sample whose script <paramref name="isOwnScript"/> accepts, in <see cref="Summarize"/>), the native
/// functions that script called (a native has no script: it counts for the nearest caller that has one),
/// <c>(garbage collector)</c>, <c>(program)</c> (the engine's own work outside any function), and the rest: the
/// benchmark's harness and the natives it called.
/// </summary>
internal sealed record CpuProfileSummary(
    double BusyMs,
    double OwnScriptMs,
    double OwnNativesMs,
    double GarbageCollectorMs,
    double ProgramMs,
    IReadOnlyList<ProfiledFunction> TopOwnNatives,
    IReadOnlyList<ProfiledFunction> TopFunctions)
{
    public const int TopFunctionCount = 15;

    public const int TopNativeCount = 5;

    private const string Idle = "(idle)";
    private const string GarbageCollector = "(garbage collector)";
    private const string Program = "(program)";
    private const string Root = "(root)";

    /// <summary>Busy time in neither the mechanism's script nor the natives it called, GC nor (program).</summary>
    public double RestMs => BusyMs - OwnScriptMs - OwnNativesMs - GarbageCollectorMs - ProgramMs;

    /// <summary>All figures in milliseconds per call: the profile's totals divided by <paramref name="calls"/>.</summary>
    public static CpuProfileSummary Summarize(JsonElement profile, Func<string, bool> isOwnScript, int calls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        var read = profile.GetProperty("nodes").EnumerateArray().Select(ProfileNode.Read).ToList();
        // V8 leaves the URL out of some nodes of a script that has one: each node takes its script's.
        var scriptUrls = read.Where(node => node.Url.Length > 0).GroupBy(node => node.ScriptId).ToDictionary(script => script.Key, script => script.First().Url);
        var nodes = read.Select(node => node with { Url = scriptUrls.GetValueOrDefault(node.ScriptId, node.Url) }).ToDictionary(node => node.Id);
        var parents = nodes.Values.SelectMany(node => node.Children.Select(child => (child, parent: node.Id))).ToDictionary(pair => pair.child, pair => pair.parent);
        double PerCall(double microseconds) => microseconds / 1000 / calls;

        double busy = 0, ownScript = 0, ownNatives = 0, garbageCollector = 0, program = 0;
        var functions = new Dictionary<ProfileNode.Function, double>();
        var natives = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, microseconds) in SelfTimes(profile))
        {
            var node = nodes[id];
            switch (node.IsNative ? node.Name : null)
            {
                case Idle:
                    continue;
                case GarbageCollector:
                    garbageCollector += microseconds;
                    break;
                case Program:
                    program += microseconds;
                    break;
                case Root:
                    break;
                case { } native when NearestScript(node) is { } caller && isOwnScript(caller):
                    ownNatives += microseconds;
                    natives[native] = natives.GetValueOrDefault(native) + microseconds;
                    break;
                case null when isOwnScript(node.Url):
                    ownScript += microseconds;
                    break;
            }
            busy += microseconds;
            if (node.Name is not (GarbageCollector or Program or Root))
            {
                functions[node.Key] = functions.GetValueOrDefault(node.Key) + microseconds;
            }
        }

        return new CpuProfileSummary(
            PerCall(busy), PerCall(ownScript), PerCall(ownNatives), PerCall(garbageCollector), PerCall(program),
            [.. natives.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(TopNativeCount)
                .Select(pair => new ProfiledFunction(pair.Key, "", 0, 0, PerCall(pair.Value)))],
            [.. functions.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key.Name, StringComparer.Ordinal).Take(TopFunctionCount)
                .Select(pair => new ProfiledFunction(pair.Key.Name, pair.Key.Url, pair.Key.Line, pair.Key.Column, PerCall(pair.Value)))]);

        string? NearestScript(ProfileNode node)
        {
            for (var id = node.Id; parents.TryGetValue(id, out var parent); id = parent)
            {
                if (!nodes[parent].IsNative)
                {
                    return nodes[parent].Url;
                }
            }
            return null;
        }
    }

    /// <summary>Microseconds per node: each sample counts from its own timestamp to the next sample's, the last to the end.</summary>
    private static Dictionary<int, double> SelfTimes(JsonElement profile)
    {
        var samples = profile.GetProperty("samples").EnumerateArray().Select(sample => sample.GetInt32()).ToArray();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(delta => delta.GetDouble()).ToArray();
        var timestamps = new double[samples.Length];
        var time = profile.GetProperty("startTime").GetDouble();
        for (var i = 0; i < samples.Length; i++)
        {
            time += deltas[i];
            timestamps[i] = time;
        }
        var end = profile.GetProperty("endTime").GetDouble();
        var self = new Dictionary<int, double>();
        for (var i = 0; i < samples.Length; i++)
        {
            var until = i + 1 < samples.Length ? timestamps[i + 1] : end;
            self[samples[i]] = self.GetValueOrDefault(samples[i]) + Math.Max(0, until - timestamps[i]);
        }
        return self;
    }

    /// <summary>A node of the profile's call tree: one function at one place in the tree.</summary>
    private sealed record ProfileNode(int Id, string Name, string ScriptId, string Url, int Line, int Column, IReadOnlyList<int> Children)
    {
        /// <summary>
        /// No script (V8's script id 0): a function of the engine or the browser (fetch, postMessage), or a pseudo-node.
        /// Not an empty URL: a script inserted without one, such as those Playwright evaluates, has none either.
        /// </summary>
        public bool IsNative => ScriptId == "0";

        /// <summary>The function itself, wherever in the tree it was called from.</summary>
        public Function Key => new(Name, Url, Line, Column);

        public static ProfileNode Read(JsonElement node)
        {
            var callFrame = node.GetProperty("callFrame");
            var name = callFrame.GetProperty("functionName").GetString() ?? "";
            return new ProfileNode(
                node.GetProperty("id").GetInt32(),
                name.Length == 0 ? "(anonymous)" : name,
                callFrame.GetProperty("scriptId").GetString() ?? "",
                callFrame.GetProperty("url").GetString() ?? "",
                // The protocol counts from 0, DevTools shows lines and columns from 1; a native has -1.
                callFrame.GetProperty("lineNumber").GetInt32() + 1,
                callFrame.GetProperty("columnNumber").GetInt32() + 1,
                node.TryGetProperty("children", out var children) ? [.. children.EnumerateArray().Select(child => child.GetInt32())] : []);
        }

        public sealed record Function(string Name, string Url, int Line, int Column);
    }
}

/// <summary>
/// A function's self time in milliseconds per call; its URL is empty for a native and for a script without one, its
/// line and column count from 1, and are 0 for a native.
/// </summary>
internal sealed record ProfiledFunction(string Name, string Url, int Line, int Column, double Ms);
