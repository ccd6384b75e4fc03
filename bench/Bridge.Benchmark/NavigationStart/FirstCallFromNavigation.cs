using Microsoft.Playwright;

namespace Bridge.Benchmark.NavigationStart;

/// <summary>
/// A <see cref="FreshWindow"/> navigates to a mechanism's <see cref="NavigationPages"/> page, whose script calls at the
/// window's load event: what a user waits for from the link to the first answer, the relay's opening included.
/// </summary>
internal static class FirstCallFromNavigation
{
    /// <summary>Milliseconds from navigation start to the first call's body read, as the page's performance.now() says.</summary>
    public static async Task<double> MeasureAsync(IBrowser browser, BenchmarkServers servers, string mechanism)
    {
        var (context, page) = await FreshWindow.OpenAsync(browser);
        try
        {
            page.PageError += (_, error) => Console.Error.WriteLine($"[{mechanism} navigation page error] {error}");
            await page.GotoAsync(servers.PageOrigin + NavigationPages.PathFor(mechanism));
            return await page.EvaluateAsync<double>("() => window.firstCall");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
