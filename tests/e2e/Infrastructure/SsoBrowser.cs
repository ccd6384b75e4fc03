using System.Text.Json;
using Microsoft.Playwright;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// A fresh browser context for one SSO test, whose User-Agent carries a marker so that <see cref="SsoRequestLog"/>
/// tells its requests apart, with the steps the tests share: signing in at the SSO with its real form, the control that
/// third-party cookies are blocked, and raw calls made from an app's origin. The page's console goes to the test output.
/// </summary>
public sealed class SsoBrowser : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IBrowserContext context;

    private SsoBrowser(IBrowserContext context, IPage page, string marker)
    {
        this.context = context;
        Page = page;
        Marker = marker;
    }

    public IPage Page { get; }

    public string Marker { get; }

    /// <summary>A fresh context; one that ignores certificate errors for servers on a test certificate.</summary>
    public static async Task<SsoBrowser> OpenAsync(BrowserFixture browser, SsoServers? servers = null)
    {
        Assert.SkipUnless(browser.Enabled, $"{browser.Engine} is not in BRIDGE_BROWSERS.");
        var marker = "bridge-test-" + Guid.NewGuid().ToString("N");
        var context = await browser.Browser.NewContextAsync(new()
        {
            UserAgent = $"Mozilla/5.0 ({browser.Engine}) {marker}",
            IgnoreHTTPSErrors = servers?.Certificate is not null,
        });
        var page = await context.NewPageAsync();
        var output = TestContext.Current.TestOutputHelper;
        page.Console += (_, message) => output?.WriteLine($"[{browser.Engine} console {message.Type}] {message.Text}");
        page.PageError += (_, error) => output?.WriteLine($"[{browser.Engine} page error] {error}");
        return new SsoBrowser(context, page, marker);
    }

    /// <summary>
    /// Step 5: the SSO's sign-in form, filled and sent as a user does, top-level on the SSO's origin, in a tab of its own
    /// that is then closed: Firefox grants a site storage access under the next site that the same tab navigates to
    /// after the user interacted with it (its navigation heuristic), which would hide what these tests are about.
    /// </summary>
    public async Task SignInAtSsoAsync(SsoServers servers) =>
        await InAnotherTabAsync(async tab =>
        {
            await tab.GotoAsync(servers.SsoOrigin + "/sso/login");
            await tab.GetByLabel("User name").FillAsync(SsoServers.User);
            await tab.GetByLabel("Password").FillAsync(SsoServers.Password);
            await tab.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(tab.Locator("#status")).ToHaveTextAsync($"You are signed in as {SsoServers.User}.");
        });

    /// <summary>
    /// The control: the SSO sets a plain <c>SameSite=None; Secure</c> cookie top-level (in another tab), sees it on a
    /// top-level request, and does not see it in its frame under <paramref name="pageOrigin"/> (another site), in this
    /// tab, where the test goes on: third-party cookies are blocked or partitioned here, so what the test shows is real.
    /// </summary>
    public async Task AssertThirdPartyCookiesBlockedAsync(SsoServers servers, string pageOrigin)
    {
        await InAnotherTabAsync(async tab =>
        {
            await tab.GotoAsync(servers.SsoOrigin + SsoServers.ControlSetPath);
            await tab.GotoAsync(servers.SsoOrigin + SsoServers.ControlFramePath + "?top-level");
        });
        await Page.GotoAsync(pageOrigin + SsoServers.BlankPath);
        await Page.EvaluateAsync(PageScripts.Load("open-frame"), servers.SsoOrigin + SsoServers.ControlFramePath + "?framed");

        var requests = servers.Requests.From(Marker);
        Assert.True(requests.Single(entry => entry.Query == "?top-level").HadControlCookie, "The control cookie was not set: the control proves nothing.");
        Assert.False(requests.Single(entry => entry.Query == "?framed").HadControlCookie, "The browser sent the SSO's SameSite=None cookie to its frame under another site: third-party cookies are not blocked in this run.");
    }

    private async Task InAnotherTabAsync(Func<IPage, Task> steps) => await InAnotherTabAsync(async tab =>
    {
        await steps(tab);
        return true;
    });

    /// <summary>Runs <paramref name="steps"/> in a new tab of this context, closed after them whatever happens.</summary>
    private async Task<T> InAnotherTabAsync<T>(Func<IPage, Task<T>> steps)
    {
        var tab = await context.NewPageAsync();
        try
        {
            return await steps(tab);
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    /// <summary>Opens the blank page on <paramref name="origin"/>, with bridge.js from the SSO when <paramref name="withBridge"/>.</summary>
    public async Task OpenBlankAsync(SsoServers servers, string origin, bool withBridge = false)
    {
        await Page.GotoAsync(origin + SsoServers.BlankPath);
        if (withBridge)
        {
            await Page.AddScriptTagAsync(new() { Url = servers.SsoOrigin + "/bridge/bridge.js" });
        }
    }

    /// <summary>The browser's fetch, or bridge.fetch, in the page (describe-fetch.js).</summary>
    public Task<FetchOutcome> FetchAsync(string url, object? init, bool useBridge = false) =>
        EvaluateAsync<FetchOutcome>("describe-fetch", new { url, init, useBridge });

    /// <summary>Step 3 with CORS from the current page: a token for its origin, or null.</summary>
    public async Task<string?> CorsTokenAsync(SsoServers servers)
    {
        var outcome = await FetchAsync(servers.SsoOrigin + "/sso/token", TokenRequest(credentials: true));
        return outcome.Ok && outcome.Status == 200 ? JsonDocument.Parse(outcome.Body!).RootElement.GetProperty("token").GetString() : null;
    }

    /// <summary>Step 4 from the current page, an app's: its <c>POST /app/login</c> with <paramref name="token"/>.</summary>
    public Task<FetchOutcome> AppLoginAsync(string token) =>
        FetchAsync("/app/login", JsonPost(JsonSerializer.Serialize(new { token }), credentials: false));

    /// <summary>Whether the app of the current page has a session (its <c>GET /app/status</c>).</summary>
    public async Task<bool> AppSignedInAsync()
    {
        var outcome = await FetchAsync("/app/status", null);
        return JsonDocument.Parse(outcome.Body!).RootElement.GetProperty("signedIn").GetBoolean();
    }

    /// <summary>The token request's init: POST, JSON, the body the SSO expects.</summary>
    public static object TokenRequest(bool credentials) => JsonPost("{\"request\":\"authentication token\"}", credentials);

    public static Dictionary<string, object> JsonPost(string body, bool credentials) => new()
    {
        ["method"] = "POST",
        ["headers"] = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        ["body"] = body,
        ["credentials"] = credentials ? "include" : "same-origin",
    };

    /// <summary>Runs a page script (PageScripts/<paramref name="name"/>.js) and reads its JSON-shaped result.</summary>
    public async Task<T> EvaluateAsync<T>(string name, object? argument)
    {
        var result = await Page.EvaluateAsync<JsonElement>(PageScripts.Load(name), argument);
        return result.Deserialize<T>(Json) ?? throw new InvalidOperationException($"{name} returned {result}.");
    }

    /// <summary>
    /// Runs a page script (PageScripts/<paramref name="name"/>.js) as the page's own script, in the blank page of
    /// <paramref name="origin"/> after bridge.js from the SSO, in a tab of its own, and reads its JSON-shaped result
    /// from the console. No step of it is a Playwright evaluation, which runs as if the user had just acted: an init
    /// script adds two script elements in order, bridge.js and the call. Not run from an element's load event: Firefox
    /// lets that open popups. (Under Playwright, Firefox still activates the document as it loads; see
    /// connect-interactively.js.)
    /// </summary>
    public async Task<T> RunAsPageCodeAsync<T>(SsoServers servers, string origin, string name, object? argument)
    {
        const string prefix = "bridge-test-result ";
        var url = $"{origin}{SsoServers.BlankPath}?page-code-{Guid.NewGuid():N}";
        var call = $"({PageScripts.Load(name)})({JsonSerializer.Serialize(argument, Json)})" +
            $".then((result) => console.log({JsonSerializer.Serialize(prefix)} + JSON.stringify(result)));";
        string[] sources = [servers.SsoOrigin + "/bridge/bridge.js", "data:text/javascript," + Uri.EscapeDataString(call)];
        return await InAnotherTabAsync(async tab =>
        {
            await tab.AddInitScriptAsync($$"""
                if (location.href === {{JsonSerializer.Serialize(url)}}) {
                  addEventListener("DOMContentLoaded", () => {
                    for (const source of {{JsonSerializer.Serialize(sources)}}) {
                      const script = document.createElement("script");
                      script.async = false;
                      script.src = source;
                      document.head.append(script);
                    }
                  });
                }
                """);
            var message = await tab.RunAndWaitForConsoleMessageAsync(
                () => tab.GotoAsync(url),
                new() { Predicate = message => message.Text.StartsWith(prefix, StringComparison.Ordinal) });
            return JsonSerializer.Deserialize<T>(message.Text[prefix.Length..], Json)
                ?? throw new InvalidOperationException($"{name} returned {message.Text}.");
        });
    }

    public async ValueTask DisposeAsync()
    {
        await FailureScreenshot.SaveIfFailedAsync(Page);
        await context.CloseAsync();
    }
}

