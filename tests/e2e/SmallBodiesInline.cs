using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A small body the service has finished sending comes back inline, whole, in the relay's response message, whichever
/// way bodies travel; a body still being written streams. The relay counts its inline bodies
/// (<c>bridgeRelayStats.inlineBodies</c>), so each case shows which path it took, and that the caller's Response is the
/// same either way.
/// </summary>
public abstract class SmallBodiesInline(BrowserFixture browser, BridgeServers servers)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ASmallFinishedBodyComesInlineAndAStreamDoesNot(bool transferStreams)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { transferStreams });
        await page.PreconnectAsync(servers.ServiceOrigin);
        var relay = page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin));
        async Task<int> Inline() => (await relay.BodiesAsync()).InlineBodies;
        Assert.Equal(0, await Inline());

        // Results.Text declares its length: a small body the relay waits for, whatever the timing.
        var small = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/status/201");
        Assert.True(small.Ok, small.Message);
        Assert.Equal(201, small.Status);
        Assert.Equal("status 201", small.Body);
        Assert.Equal(1, await Inline());

        // /api/slow writes its first line, then holds the rest back for a second: no moment's wait can see its end.
        var slow = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/slow?ms=1000");
        Assert.True(slow.Ok, slow.Message);
        Assert.Equal("first\nlast\n", slow.Body);
        Assert.Equal(1, await Inline());
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class SmallBodiesInlineInChromium(ChromiumFixture browser, BridgeServers servers) : SmallBodiesInline(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class SmallBodiesInlineInFirefox(FirefoxFixture browser, BridgeServers servers) : SmallBodiesInline(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class SmallBodiesInlineInWebKit(WebKitFixture browser, BridgeServers servers) : SmallBodiesInline(browser, servers);
