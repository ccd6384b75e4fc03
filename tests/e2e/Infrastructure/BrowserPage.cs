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

    /// <summary>The origin of the page's main frame, as bridge.js names it in the relay URL.</summary>
    public string Origin => new Uri(Page.Url).GetLeftPart(UriPartial.Authority);

    /// <summary>The relay frame's URL bridge.js opens on this page for <paramref name="serviceOrigin"/>.</summary>
    public string RelayUrl(string serviceOrigin) => RelayFrames.RelayUrl(serviceOrigin, Origin);

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

    /// <summary>
    /// Opens a blank page on <paramref name="origin"/> with bridge.js loaded from <paramref name="serviceOrigin"/>,
    /// which opens that service's relay as it loads; with <paramref name="preconnect"/>, the script element's
    /// <c>data-preconnect</c> says otherwise (<c>"none"</c>: nothing opens before the first call).
    /// </summary>
    public static async Task<BrowserPage> OpenWithBridgeAsync(BrowserFixture browser, string origin, string serviceOrigin, string? preconnect = null)
    {
        var page = await OpenAsync(browser, origin + "/blank.html");
        var warnings = await page.EvaluateAsync<string[]>(
            PageScripts.Load("load-bridge-script"),
            new { src = serviceOrigin + "/bridge/bridge.js", preconnect });
        Assert.Empty(warnings);
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
        EvaluateAsync<FetchOutcome>(PageScripts.Load("describe-fetch"), new { url, init, useBridge = true });

    /// <summary>The browser's own <c>fetch(url, init)</c> in the page, described as data.</summary>
    public Task<FetchOutcome> PlainFetchAsync(string url, object? init = null) =>
        EvaluateAsync<FetchOutcome>(PageScripts.Load("describe-fetch"), new { url, init, useBridge = false });

    /// <summary>Opens the relay of <paramref name="serviceOrigin"/> (<c>bridge.preconnect</c>), so that the test's calls find it ready.</summary>
    public Task PreconnectAsync(string serviceOrigin) => Page.EvaluateAsync("origin => bridge.preconnect(origin)", serviceOrigin);

    /// <summary><c>bridge.configure(options)</c> in the page.</summary>
    public Task ConfigureBridgeAsync(object options) => Page.EvaluateAsync("options => bridge.configure(options)", options);

    /// <summary>
    /// Starts <paramref name="call"/>, a page function of <paramref name="argument"/> returning a promise of a JSON-shaped
    /// value, and keeps its outcome in the page under <paramref name="name"/> for <see cref="SettledAsync"/>: so that the
    /// test can act (abort, remove the relay, wait for the service) while the call is pending.
    /// </summary>
    public Task StartAsync(string name, string call, object? argument = null) =>
        Page.EvaluateAsync(PageScripts.Apply(PageScripts.Load("start-call"), PageScripts.Load("describe-settled"), call), new { name, argument });

    /// <summary>How the call started as <paramref name="name"/> settled; fails the test if it has not within <paramref name="within"/>.</summary>
    public async Task<PageOutcome> SettledAsync(string name, TimeSpan within)
    {
        try
        {
            return await EvaluateAsync<PageOutcome>("name => window.bridgeTestCalls[name]", name).WaitAsync(within);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The page's call {name} did not settle within {within.TotalSeconds} s.");
        }
    }

    /// <summary>Runs <paramref name="call"/> (a page function of <paramref name="argument"/>) and describes how it settled.</summary>
    public async Task<PageOutcome> RunAsync(string call, object? argument, TimeSpan within)
    {
        var name = Guid.NewGuid().ToString("N");
        await StartAsync(name, call, argument);
        return await SettledAsync(name, within);
    }

    /// <summary>The src of every frame in the page: bridge.js's relay frames, in a page that makes no frame of its own.</summary>
    public Task<string[]> RelayFramesAsync() =>
        Page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('iframe'), (frame) => frame.src)");

    /// <summary>
    /// From now on, records the type of every Bridge message this page posts on a MessagePort (the relay's end lives
    /// in the relay's frame, another realm, and is not affected), e.g. to tell chunked bodies ("pull") from streams.
    /// </summary>
    public Task RecordPortMessagesAsync() => Page.EvaluateAsync(PageScripts.Load("record-port-messages"));

    /// <summary>How many messages of <paramref name="type"/> the page has posted since <see cref="RecordPortMessagesAsync"/>.</summary>
    public Task<int> PortMessageCountAsync(string type) =>
        Page.EvaluateAsync<int>("type => window.bridgePortMessages.filter((t) => t === type).length", type);

    public async ValueTask DisposeAsync()
    {
        await FailureScreenshot.SaveIfFailedAsync(Page);
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
    bool IsTypeError,
    string? Constructor = null,
    bool IsBridgeError = false,
    string? Description = null,
    string? RelayUrl = null);

/// <summary>How a page call settled: its value, or what it rejected with.</summary>
public sealed record PageOutcome(
    bool Resolved,
    JsonElement Value,
    string? Name,
    string? Code,
    string? Message,
    bool IsTypeError,
    bool IsDomException,
    bool IsBridgeError,
    string? Constructor = null,
    string? Description = null,
    string? RelayUrl = null);
