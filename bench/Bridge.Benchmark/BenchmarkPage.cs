using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.Benchmark;

/// <summary>
/// The site's blank page in its own browser context, with the mechanism's client scripts from the service
/// (<see cref="MechanismScripts"/>) and the page harness (harness.js), set to measure one mechanism, in a
/// <see cref="FreshWindow"/>: its own connections and its own relay.
/// </summary>
internal sealed class BenchmarkPage : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Named by its sourceURL: a script inserted as text has no URL of its own, and profiles and DevTools would show none.
    private static readonly Lazy<string> Harness = new(() =>
        System.Text.Encoding.UTF8.GetString(EmbeddedScripts.Read("Bridge.Benchmark.harness.js")) + "\n//# sourceURL=harness.js\n");

    private readonly IBrowserContext context;

    private BenchmarkPage(IBrowserContext context, IPage page, string mechanism)
    {
        this.context = context;
        Page = page;
        Mechanism = mechanism;
    }

    public IPage Page { get; }

    public string Mechanism { get; }

    public static async Task<BenchmarkPage> OpenAsync(IBrowser browser, BenchmarkServers servers, string mechanism)
    {
        var (context, page) = await FreshWindow.OpenAsync(browser);
        try
        {
            page.PageError += (_, error) => Console.Error.WriteLine($"[{mechanism} page error] {error}");
            await page.GotoAsync(servers.PageOrigin + "/blank.html");
            foreach (var script in MechanismScripts.For(mechanism))
            {
                await page.AddScriptTagAsync(new() { Url = servers.ServiceOrigin + script });
            }
            await page.AddScriptTagAsync(new() { Content = Harness.Value });
            await page.EvaluateAsync("([mechanism, service]) => benchmark.use(mechanism, service)", new[] { mechanism, servers.ServiceOrigin });
            return new BenchmarkPage(context, page, mechanism);
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>Runs <c>benchmark.{function}(argument)</c> in the page and reads its JSON-shaped result.</summary>
    public async Task<T> RunAsync<T>(string function, object argument)
    {
        var result = await Page.EvaluateAsync<JsonElement>($"argument => benchmark.{function}(argument)", argument);
        return result.Deserialize<T>(Json) ?? throw new InvalidOperationException($"benchmark.{function} returned {result}.");
    }

    /// <summary>One untimed call, so connections (and for bridge.fetch the relay) are open before anything is timed.</summary>
    public Task WarmUpAsync() => RunAsync<double[]>("latency", new { path = "/api/hello", method = "GET", bodyBytes = 0, warmup = 1, count = 0, distinctUrls = false });

    public Task<bool> SupportsAsync(string path) => Page.EvaluateAsync<bool>("path => benchmark.supports(path)", path);

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
