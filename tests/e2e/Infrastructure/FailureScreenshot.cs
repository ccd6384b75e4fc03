using Microsoft.Playwright;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>A screenshot of the page, under failures/ beside the test assembly, when the current test failed.</summary>
public static class FailureScreenshot
{
    public static async Task SaveIfFailedAsync(IPage page)
    {
        if (TestContext.Current.TestState?.Result != TestResult.Failed)
        {
            return;
        }
        var directory = Path.Combine(AppContext.BaseDirectory, "failures");
        Directory.CreateDirectory(directory);
        var name = string.Concat((TestContext.Current.Test?.TestDisplayName ?? "test").Select(c => char.IsLetterOrDigit(c) ? c : '_'));
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name[..Math.Min(name.Length, 150)] + ".png") });
    }
}
