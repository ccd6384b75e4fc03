using Microsoft.Playwright;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>Frames a test adds to a page: a hostile frame, a page of the service, a sibling of the relay.</summary>
public static class PageFrames
{
    /// <summary>Appends a frame showing <paramref name="url"/> to the page's body; returns it once it has loaded.</summary>
    public static async Task<IFrame> AddFrameAsync(this IPage page, string url)
    {
        await page.EvaluateAsync(
            "url => new Promise((resolve) => { const frame = document.createElement('iframe'); frame.src = url; frame.onload = resolve; document.body.append(frame); })",
            url);
        return Assert.Single(page.Frames, frame => frame.Url == url);
    }
}
