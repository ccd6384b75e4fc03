using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// The relay frame is rendered but unseen: no size, no border, transparent, deaf to the pointer, whatever the page's
/// own stylesheet says of iframes, and never <c>display: none</c> or <c>visibility: hidden</c>, which make Chromium
/// run the relay's own renderer (across sites) as a background process of lower CPU priority than the page's.
/// </summary>
public abstract class RelayFrameUnseen(BrowserFixture browser, BridgeServers servers)
{
    /// <summary>What a page's stylesheet could say of every iframe, important, against the relay frame's own style.</summary>
    private const string PageStyle =
        "iframe { display: none !important; position: static !important; visibility: hidden !important; width: 300px !important; " +
        "height: 200px !important; border: 5px solid red !important; padding: 10px !important; margin: 20px !important; " +
        "opacity: 1 !important; pointer-events: auto !important; }";

    private const string FrameShape = """
        (frame) => {
          const box = frame.getBoundingClientRect();
          const style = getComputedStyle(frame);
          return [
            `box ${box.width}x${box.height}`, `width ${style.width}`, `height ${style.height}`, `border ${style.borderTopWidth}`,
            `padding ${style.paddingTop}`, `margin ${style.marginTop}`, `display ${style.display}`, `visibility ${style.visibility}`,
            `opacity ${style.opacity}`, `pointer-events ${style.pointerEvents}`, `position ${style.position}`,
          ].join(', ');
        }
        """;

    [Fact]
    public async Task TheRelayFrameIsRenderedUnseenWhateverThePagesStylesheetSays()
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");
        await page.Page.AddStyleTagAsync(new() { Content = PageStyle });
        await page.EvaluateAsync<string[]>(PageScripts.Load("load-bridge-script"), new { src = servers.ServiceOrigin + "/bridge/bridge.js", preconnect = (string?)null });

        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");
        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal([page.RelayUrl(servers.ServiceOrigin)], await page.RelayFramesAsync());
        var relay = await page.Page.EvaluateAsync<string>($"() => ({FrameShape})(document.querySelector('iframe[src*=\"relay.html\"]'))");
        // The stylesheet does apply to iframes: an ordinary one is as it says.
        var ordinary = await page.Page.EvaluateAsync<string>(
            $"() => {{ const frame = document.createElement('iframe'); document.body.append(frame); return ({FrameShape})(frame); }}");

        Assert.Equal(
            "box 0x0, width 300px, height 200px, border 5px, padding 10px, margin 20px, display none, visibility hidden, opacity 1, pointer-events auto, position static",
            ordinary);
        Assert.Equal(
            "box 0x0, width 0px, height 0px, border 0px, padding 0px, margin 0px, display block, visibility visible, opacity 0, pointer-events none, position absolute",
            relay);
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class RelayFrameUnseenInChromium(ChromiumFixture browser, BridgeServers servers) : RelayFrameUnseen(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class RelayFrameUnseenInFirefox(FirefoxFixture browser, BridgeServers servers) : RelayFrameUnseen(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class RelayFrameUnseenInWebKit(WebKitFixture browser, BridgeServers servers) : RelayFrameUnseen(browser, servers);
