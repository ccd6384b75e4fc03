using Microsoft.Playwright;

namespace Bridge.Benchmark;

/// <summary>
/// A page in a browser context of its own (its own cache, connections and relays), given time to settle before
/// anything is timed in it. Every new context opens a new window, and a new Chromium window preloads the WebUI of its
/// omnibox popup: about 100 ms of CPU in a renderer of its own, measured with a trace, while the page's first call
/// runs on this benchmark's two cores. A user follows a link in a window that finished that long ago. Measured on
/// this machine (Chromium, bridge.fetch's first call from navigation start, median of 9): at once 131 ms same-site
/// and 156 ms cross-site, after 500 ms 74 and 92, after 1 s no faster than after 500 ms; Firefox's the same with or
/// without the wait.
/// </summary>
internal static class FreshWindow
{
    public const int SettleMilliseconds = 500;

    public static async Task<(IBrowserContext Context, IPage Page)> OpenAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await Task.Delay(SettleMilliseconds);
            return (context, page);
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }
}
