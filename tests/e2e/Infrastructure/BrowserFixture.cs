using Microsoft.Playwright;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// One browser per engine for a whole test collection; each test gets a fresh context. Engines are chosen with
/// BRIDGE_BROWSERS (comma-separated: chromium, firefox, webkit; default "chromium,firefox"). Debian's browsers
/// are used where installed (/usr/bin/chromium, /usr/bin/firefox-esr); BRIDGE_CHROMIUM_PATH and
/// BRIDGE_FIREFOX_PATH point elsewhere; without any, Playwright's own downloaded browsers are launched.
/// Playwright turns popup blocking off; with <paramref name="blockPopups"/> it stays on, as users have it (Chromium
/// without <c>--disable-popup-blocking</c>, Firefox with <c>dom.disable_open_during_load</c>).
/// </summary>
public abstract class BrowserFixture(string engine, bool blockPopups = false) : IAsyncLifetime
{
    private static readonly Lazy<Task<IPlaywright>> Playwright = new(Microsoft.Playwright.Playwright.CreateAsync);

    private IBrowser? browser;

    public string Engine { get; } = engine;

    public bool Enabled { get; } = EnabledEngines().Contains(engine);

    public IBrowser Browser => browser ?? throw new InvalidOperationException($"{Engine} is not enabled (BRIDGE_BROWSERS).");

    public async ValueTask InitializeAsync()
    {
        if (!Enabled)
        {
            return;
        }
        var playwright = await Playwright.Value;
        browser = Engine switch
        {
            "chromium" => await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = Executable("BRIDGE_CHROMIUM_PATH", "/usr/bin/chromium"),
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                IgnoreDefaultArgs = blockPopups ? ["--disable-popup-blocking"] : [],
            }),
            "firefox" when Executable("BRIDGE_FIREFOX_PATH", "/usr/bin/firefox-esr") is { } firefox =>
                await playwright.Firefox.LaunchAsync(new() { Channel = "moz-firefox", ExecutablePath = firefox, FirefoxUserPrefs = FirefoxPrefs() }),
            "firefox" => await playwright.Firefox.LaunchAsync(new() { FirefoxUserPrefs = FirefoxPrefs() }),
            "webkit" => await playwright.Webkit.LaunchAsync(),
            _ => throw new InvalidOperationException($"Unknown browser engine {Engine}."),
        };
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (browser is not null)
        {
            await browser.CloseAsync();
        }
    }

    private Dictionary<string, object> FirefoxPrefs() =>
        blockPopups ? new() { ["dom.disable_open_during_load"] = true } : [];

    private static HashSet<string> EnabledEngines()
    {
        var value = Environment.GetEnvironmentVariable("BRIDGE_BROWSERS");
        var names = string.IsNullOrWhiteSpace(value) ? "chromium,firefox" : value;
        return [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => name.ToLowerInvariant())];
    }

    private static string? Executable(string variable, string debianPath)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        return File.Exists(debianPath) ? debianPath : null;
    }
}

public sealed class ChromiumFixture() : BrowserFixture("chromium");

public sealed class FirefoxFixture() : BrowserFixture("firefox");

public sealed class WebKitFixture() : BrowserFixture("webkit");

public sealed class ChromiumBlockingPopupsFixture() : BrowserFixture("chromium", blockPopups: true);

public sealed class FirefoxBlockingPopupsFixture() : BrowserFixture("firefox", blockPopups: true);

[CollectionDefinition(Name)]
public sealed class ChromiumEngine : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "chromium";
}

[CollectionDefinition(Name)]
public sealed class FirefoxEngine : ICollectionFixture<FirefoxFixture>
{
    public const string Name = "firefox";
}

[CollectionDefinition(Name)]
public sealed class WebKitEngine : ICollectionFixture<WebKitFixture>
{
    public const string Name = "webkit";
}
