using Microsoft.Playwright;

namespace Bridge.Benchmark;

/// <summary>
/// Launches an engine as the e2e fixture does: Debian's browsers where installed (/usr/bin/chromium,
/// /usr/bin/firefox-esr), BRIDGE_CHROMIUM_PATH / BRIDGE_FIREFOX_PATH to point elsewhere, else Playwright's own.
/// Firefox gets its timers' full precision (<see cref="FirefoxPrefs"/>).
/// </summary>
internal static class BrowserLauncher
{
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, string engine) => engine switch
    {
        "chromium" => await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Executable("BRIDGE_CHROMIUM_PATH", "/usr/bin/chromium"),
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        }),
        "firefox" when Executable("BRIDGE_FIREFOX_PATH", "/usr/bin/firefox-esr") is { } firefox =>
            await playwright.Firefox.LaunchAsync(new() { Channel = "moz-firefox", ExecutablePath = firefox, FirefoxUserPrefs = FirefoxPrefs }),
        "firefox" => await playwright.Firefox.LaunchAsync(new() { FirefoxUserPrefs = FirefoxPrefs }),
        _ => throw new ArgumentException($"Unknown browser engine {engine}.", nameof(engine)),
    };

    /// <summary>
    /// Firefox rounds performance.now() to 1 ms in a page that is not cross-origin isolated (measured: every step 1 ms;
    /// with this pref off, 20 to 60 µs; Chromium's steps are 0.1 ms), and a call takes 2 to 6 ms: its medians came out
    /// whole milliseconds and their ratios in steps of 20 to 50 %. Only the clock's rounding changes, not what is timed.
    /// </summary>
    public static readonly Dictionary<string, object> FirefoxPrefs = new() { ["privacy.reduceTimerPrecision"] = false };

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
