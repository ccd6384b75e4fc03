using Microsoft.Playwright;

namespace Bridge.Benchmark;

/// <summary>
/// Launches an engine as the e2e fixture does: Debian's browsers where installed (/usr/bin/chromium,
/// /usr/bin/firefox-esr), BRIDGE_CHROMIUM_PATH / BRIDGE_FIREFOX_PATH to point elsewhere, else Playwright's own.
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
            await playwright.Firefox.LaunchAsync(new() { Channel = "moz-firefox", ExecutablePath = firefox }),
        "firefox" => await playwright.Firefox.LaunchAsync(),
        _ => throw new ArgumentException($"Unknown browser engine {engine}.", nameof(engine)),
    };

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
