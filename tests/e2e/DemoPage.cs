using Bridge.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Bridge.E2ETests;

/// <summary>A newcomer opens the demo and sees the blocked fetch and the bridged fetch side by side.</summary>
public abstract class DemoPage(BrowserFixture browser, BridgeServers servers)
{
    [Fact]
    public async Task ShowsThePlainFetchBlockedAndTheBridgedFetchAnswered()
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.SameSiteOrigin + "/");

        await Expect(page.Page.Locator("#plain-result")).ToHaveAttributeAsync("data-state", "blocked");
        await Expect(page.Page.Locator("#bridged-result")).ToHaveAttributeAsync("data-state", "ok");
        await Expect(page.Page.Locator("#bridged-result")).ToContainTextAsync("Hello from the Bridge demo service");
    }

    [Fact]
    public async Task ShowsTheClassicMechanismsAnsweredToo()
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.SameSiteOrigin + "/");

        foreach (var id in new[] { "#cors-result", "#jsonp-result", "#proxy-result" })
        {
            await Expect(page.Page.Locator(id)).ToHaveAttributeAsync("data-state", "ok");
            await Expect(page.Page.Locator(id)).ToContainTextAsync("Hello from the Bridge demo service");
        }
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class DemoPageInChromium(ChromiumFixture browser, BridgeServers servers) : DemoPage(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class DemoPageInFirefox(FirefoxFixture browser, BridgeServers servers) : DemoPage(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class DemoPageInWebKit(WebKitFixture browser, BridgeServers servers) : DemoPage(browser, servers);
