using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>A page in a fresh browser context. The page's console goes to the test output; a failed test leaves a screenshot.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IBrowserContext context;

    private BrowserPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Opens <paramref name="url"/>; skips the test when the engine is not enabled.</summary>
    public static async Task<BrowserPage> OpenAsync(BrowserFixture browser, string url)
    {
        Assert.SkipUnless(browser.Enabled, $"{browser.Engine} is not in BRIDGE_BROWSERS.");
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var output = TestContext.Current.TestOutputHelper;
        page.Console += (_, message) => output?.WriteLine($"[{browser.Engine} console {message.Type}] {message.Text}");
        page.PageError += (_, error) => output?.WriteLine($"[{browser.Engine} page error] {error}");
        await page.GotoAsync(url);
        return new BrowserPage(context, page);
    }

    /// <summary>Opens a blank page on <paramref name="origin"/> with bridge.js loaded from <paramref name="serviceOrigin"/>.</summary>
    public static async Task<BrowserPage> OpenWithBridgeAsync(BrowserFixture browser, string origin, string serviceOrigin)
    {
        var page = await OpenAsync(browser, origin + "/blank.html");
        await page.Page.AddScriptTagAsync(new() { Url = serviceOrigin + "/bridge/bridge.js" });
        return page;
    }

    /// <summary>Runs a script that returns a JSON-shaped value and reads it as <typeparamref name="T"/>.</summary>
    public async Task<T> EvaluateAsync<T>(string script, object? argument = null)
    {
        var result = await Page.EvaluateAsync<JsonElement>(script, argument);
        return result.Deserialize<T>(Json) ?? throw new InvalidOperationException($"The page returned {result} for {typeof(T).Name}.");
    }

    /// <summary><c>bridge.fetch(url, init)</c> in the page, described as data.</summary>
    public Task<FetchOutcome> BridgeFetchAsync(string url, object? init = null) =>
        EvaluateAsync<FetchOutcome>(PageScripts.DescribeFetch("bridge.fetch"), new { url, init });

    /// <summary>The browser's own <c>fetch(url, init)</c> in the page, described as data.</summary>
    public Task<FetchOutcome> PlainFetchAsync(string url, object? init = null) =>
        EvaluateAsync<FetchOutcome>(PageScripts.DescribeFetch("fetch"), new { url, init });

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            var directory = Path.Combine(AppContext.BaseDirectory, "failures");
            Directory.CreateDirectory(directory);
            var name = string.Concat((TestContext.Current.Test?.TestDisplayName ?? "test").Select(c => char.IsLetterOrDigit(c) ? c : '_'));
            await Page.ScreenshotAsync(new() { Path = Path.Combine(directory, name[..Math.Min(name.Length, 150)] + ".png") });
        }
        await context.CloseAsync();
    }
}

/// <summary>What a fetch call in the page gave: a response, or an error.</summary>
public sealed record FetchOutcome(
    bool Ok,
    int Status,
    string? StatusText,
    Dictionary<string, string>? Headers,
    string? Body,
    string? Url,
    string? Type,
    string? Name,
    string? Code,
    string? Message,
    bool IsTypeError);

public static class PageScripts
{
    /// <summary>A page function that calls <paramref name="fetchFunction"/> and describes the outcome as plain data.</summary>
    public static string DescribeFetch(string fetchFunction) => $$"""
        async ({ url, init }) => {
          try {
            const response = await {{fetchFunction}}(url, init ?? undefined);
            return {
              ok: true,
              status: response.status,
              statusText: response.statusText,
              headers: Object.fromEntries(response.headers),
              body: await response.text(),
              url: response.url,
              type: response.type,
              isTypeError: false,
            };
          } catch (error) {
            return {
              ok: false,
              status: 0,
              name: error?.name ?? null,
              code: typeof error?.code === "string" ? error.code : null,
              message: String(error?.message ?? error),
              isTypeError: error instanceof TypeError,
            };
          }
        }
        """;
}
