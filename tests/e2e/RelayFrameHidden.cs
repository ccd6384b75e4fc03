using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// The relay frame stays hidden whatever the page's own stylesheet says of iframes: its own style says
/// <c>display: none</c>, important, where the <c>hidden</c> attribute alone would yield to a stylesheet's display; and
/// it does so on a page that forbids inline styles, since the client sets it through the CSSOM.
/// </summary>
public abstract class RelayFrameHidden(BrowserFixture browser, BridgeServers servers)
{
    /// <summary>What a page's stylesheet could say of every iframe, important: shown, sized, bordered, clickable.</summary>
    private const string PageStyle =
        "iframe { display: block !important; position: static !important; visibility: visible !important; width: 300px !important; " +
        "height: 200px !important; border: 5px solid red !important; padding: 10px !important; opacity: 1 !important; " +
        "pointer-events: auto !important; }";

    private const string FrameShape = """
        (frame) => {
          const box = frame.getBoundingClientRect();
          const style = getComputedStyle(frame);
          return [
            `box ${box.width}x${box.height}`, `width ${style.width}`, `height ${style.height}`, `border ${style.borderTopWidth}`,
            `padding ${style.paddingTop}`, `display ${style.display}`, `visibility ${style.visibility}`,
            `opacity ${style.opacity}`, `pointer-events ${style.pointerEvents}`, `position ${style.position}`,
          ].join(', ');
        }
        """;

    /// <param name="noInlineStyles">
    /// Whether the page also forbids inline styles (<c>style-src 'self'</c>), which the CSSOM the client sets its style
    /// through is not subject to.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheRelayFrameStaysHiddenWhateverThePagesStylesheetSays(bool noInlineStyles)
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");
        await page.Page.AddStyleTagAsync(new() { Content = PageStyle });
        if (noInlineStyles)
        {
            await page.Page.EvaluateAsync("""
                () => {
                  const policy = Object.assign(document.createElement('meta'), { httpEquiv: 'Content-Security-Policy', content: "style-src 'self'" });
                  document.head.append(policy);
                  const probe = document.createElement('div');
                  probe.setAttribute('style', 'width: 7px');
                  document.body.append(probe);
                }
                """);
            // The policy is on: a style set as an attribute is refused.
            Assert.NotEqual("7px", await page.Page.EvaluateAsync<string>("() => getComputedStyle(document.body.lastElementChild).width"));
        }
        await page.EvaluateAsync<string[]>(PageScripts.Load("load-bridge-script"), new { src = servers.ServiceOrigin + "/bridge/bridge.js", preconnect = (string?)null });

        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");
        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal([page.RelayUrl(servers.ServiceOrigin)], await page.RelayFramesAsync());
        var relay = await page.Page.EvaluateAsync<string>($"() => ({FrameShape})(document.querySelector('iframe[src*=\"relay.html\"]'))");
        // The stylesheet does apply to iframes: an ordinary one is as it says.
        var ordinary = await page.Page.EvaluateAsync<string>(
            $"() => {{ const frame = document.createElement('iframe'); document.body.append(frame); return ({FrameShape})(frame); }}");

        Assert.Equal(
            "box 330x230, width 300px, height 200px, border 5px, padding 10px, display block, visibility visible, opacity 1, pointer-events auto, position static",
            ordinary);
        Assert.Equal(
            "box 0x0, width 300px, height 200px, border 5px, padding 10px, display none, visibility visible, opacity 1, pointer-events auto, position static",
            relay);
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class RelayFrameHiddenInChromium(ChromiumFixture browser, BridgeServers servers) : RelayFrameHidden(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class RelayFrameHiddenInFirefox(FirefoxFixture browser, BridgeServers servers) : RelayFrameHidden(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class RelayFrameHiddenInWebKit(WebKitFixture browser, BridgeServers servers) : RelayFrameHidden(browser, servers);
