using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A caller gives up (signal or timeout) before sending, while waiting for the response, or while reading the body:
/// the call rejects as fetch would, and the service sees its request cancelled (or never sees it).
/// </summary>
public abstract class AbortAndTimeout(BrowserFixture browser, BridgeServers servers)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>A cancellation reaches the service within milliseconds; a missing one should not cost the full bound.</summary>
    private static readonly TimeSpan CancellationBound = TimeSpan.FromSeconds(10);

    /// <summary>A page function that aborts with the default reason, or with a RangeError("custom reason").</summary>
    private const string Abort = "(custom) => window.controller.abort(custom ? new RangeError('custom reason') : undefined)";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAbortedSignalRejectsBeforeAnythingIsSent(bool customReason)
    {
        // Nothing opened ahead: that the call opens no relay shows it went nowhere.
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin, preconnect: "none");
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            """
            ({ url, custom }) => {
              const controller = new AbortController();
              controller.abort(custom ? new RangeError('custom reason') : undefined);
              return bridge.fetch(url, { method: 'POST', body: 'never sent', signal: controller.signal });
            }
            """,
            new { url = $"{servers.ServiceOrigin}/api/echo?marker={marker}", custom = customReason },
            Bound);

        AssertRejectedWithTheReason(outcome, customReason);
        Assert.Empty(await page.RelayFramesAsync());
        Assert.Empty(servers.Journal.Matching(marker));
    }

    [Fact]
    public async Task AnAbortedSignalSendsNothingOverALiveRelay()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.PreconnectAsync(servers.ServiceOrigin);
        await page.RecordPortMessagesAsync();
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            "(url) => bridge.fetch(url, { method: 'POST', body: 'never sent', signal: AbortSignal.abort() })",
            $"{servers.ServiceOrigin}/api/echo?marker={marker}",
            Bound);

        AssertRejectedWithTheReason(outcome, customReason: false);
        Assert.Equal(0, await page.PortMessageCountAsync("request"));
        Assert.Empty(servers.Journal.Matching(marker));
    }

    /// <summary>
    /// The first call on a page opens the relay and waits for it; aborted while it waits, it is never sent. A second
    /// call, made once the relay is open, goes over the same relay: the only request the page posts. (Nothing is opened
    /// as bridge.js loads, so the first call comes before the relay's document has its hello. A call made after the
    /// hello goes to the relay's window, where the port recorder cannot see it: the unit tests cover those.)
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAbortWhileTheRelayOpensSendsNothing(bool customReason)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin, preconnect: "none");
        await page.RecordPortMessagesAsync();
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            """
            ({ url, custom }) => {
              window.controller = new AbortController();
              const call = bridge.fetch(url, { signal: window.controller.signal });
              window.controller.abort(custom ? new RangeError('custom reason') : undefined);
              return call;
            }
            """,
            new { url = $"{servers.ServiceOrigin}/api/echo?marker={marker}", custom = customReason },
            Bound);
        await page.PreconnectAsync(servers.ServiceOrigin);
        var next = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");

        AssertRejectedWithTheReason(outcome, customReason);
        Assert.True(next.Ok, next.Message);
        Assert.Equal([page.RelayUrl(servers.ServiceOrigin)], await page.RelayFramesAsync());
        Assert.Equal(1, await page.PortMessageCountAsync("request"));
        Assert.Empty(servers.Journal.Matching(marker));
    }

    /// <summary>
    /// A request body streamed by the page is read whole before it is sent; a stream that never ends must not hold the
    /// call past its timeout. Nothing is sent.
    /// </summary>
    [Fact]
    public async Task ATimeoutWhileTheRequestBodyIsReadRejectsWithATimeoutError()
    {
        if (browser.Engine == "firefox")
        {
            Assert.Skip("Firefox takes a ReadableStream request body as the text \"[object ReadableStream]\".");
        }
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            """
            (url) => {
              const body = new ReadableStream({ pull: () => new Promise(() => {}) });
              return bridge.fetch(url, { method: 'POST', body, duplex: 'half', timeout: 500 });
            }
            """,
            $"{servers.ServiceOrigin}/api/echo?marker={marker}",
            Bound);

        Assert.False(outcome.Resolved, "the call answered");
        Assert.Equal("TimeoutError", outcome.Name);
        Assert.True(outcome.IsDomException, $"a {outcome.Name} that is not a DOMException");
        Assert.Empty(servers.Journal.Matching(marker));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAbortWhileTheServiceHoldsTheRequestRejectsAndCancelsIt(bool customReason)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");
        await page.StartAsync(
            "call",
            "async (url) => { window.controller = new AbortController(); await bridge.fetch(url, { signal: window.controller.signal }); return 'answered'; }",
            $"{servers.ServiceOrigin}/api/slow?ms=30000&before=true&marker={marker}");
        await servers.Journal.WaitForRequestAsync(marker, Bound);

        await page.Page.EvaluateAsync(Abort, customReason);
        var outcome = await page.SettledAsync("call", Bound);

        AssertRejectedWithTheReason(outcome, customReason);
        await servers.Journal.WaitForCancellationAsync(marker, CancellationBound);
    }

    /// <summary>The body's next read rejects with the abort; without the abort it would wait 30 s for "last\n", past the bound.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnAbortWhileReadingTheBodyErrorsTheReadAndCancelsTheRequest(bool transferStreams)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { transferStreams });
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            PageScripts.Load("abort-while-reading"),
            $"{servers.ServiceOrigin}/api/slow?ms=30000&marker={marker}",
            Bound);

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.Equal("first\n", outcome.Value.GetProperty("first").GetString());
        Assert.Equal("AbortError", outcome.Value.GetProperty("next").GetString());
        Assert.True(outcome.Value.GetProperty("isDomException").GetBoolean());
        await servers.Journal.WaitForCancellationAsync(marker, CancellationBound);
    }

    /// <summary>
    /// How most pages read: text() waits for "last\n", 30 s away; the abort rejects it with the signal's reason, as
    /// it does fetch's text() (engines reject a constructed Response's text() with an error of their own).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAbortWhileReadingTheBodyAsTextRejectsWithTheReason(bool customReason)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");
        await page.StartAsync(
            "call",
            PageScripts.Load("read-text-abortably"),
            $"{servers.ServiceOrigin}/api/slow?ms=30000&marker={marker}");
        await page.Page.WaitForFunctionAsync("() => window.reading === true", null, new() { Timeout = (float)Bound.TotalMilliseconds });

        await page.Page.EvaluateAsync(Abort, customReason);
        var outcome = await page.SettledAsync("call", Bound);

        AssertRejectedWithTheReason(outcome, customReason);
        await servers.Journal.WaitForCancellationAsync(marker, CancellationBound);
    }

    /// <summary>The relay is opened first, so that the request reaches the service well within the timeout.</summary>
    [Fact]
    public async Task ATimeoutRejectsWithATimeoutErrorAndCancelsTheRequest()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.PreconnectAsync(servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            "(url) => bridge.fetch(url, { timeout: 2000 })",
            $"{servers.ServiceOrigin}/api/slow?ms=30000&before=true&marker={marker}",
            Bound);

        Assert.False(outcome.Resolved, "the call answered despite its timeout");
        Assert.Equal("TimeoutError", outcome.Name);
        Assert.True(outcome.IsDomException, $"a {outcome.Name} that is not a DOMException");
        await servers.Journal.WaitForCancellationAsync(marker, CancellationBound);
    }

    [Fact]
    public async Task ATimeoutWhileReadingTheBodyErrorsTheReadWithATimeoutError()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.PreconnectAsync(servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            PageScripts.Load("time-out-while-reading"),
            $"{servers.ServiceOrigin}/api/slow?ms=30000&marker={marker}",
            Bound);

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.Equal("first\n", outcome.Value.GetProperty("first").GetString());
        Assert.Equal("TimeoutError", outcome.Value.GetProperty("next").GetString());
        Assert.True(outcome.Value.GetProperty("isDomException").GetBoolean());
        await servers.Journal.WaitForCancellationAsync(marker, CancellationBound);
    }

    private static void AssertRejectedWithTheReason(PageOutcome outcome, bool customReason)
    {
        Assert.False(outcome.Resolved, "the call answered despite the abort");
        if (customReason)
        {
            Assert.Equal("RangeError", outcome.Name);
            Assert.Equal("custom reason", outcome.Message);
        }
        else
        {
            Assert.Equal("AbortError", outcome.Name);
            Assert.True(outcome.IsDomException, $"an AbortError that is not a DOMException: {outcome.Message}");
        }
        Assert.False(outcome.IsBridgeError, "an abort is the caller's reason, not a BridgeError");
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class AbortAndTimeoutInChromium(ChromiumFixture browser, BridgeServers servers) : AbortAndTimeout(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class AbortAndTimeoutInFirefox(FirefoxFixture browser, BridgeServers servers) : AbortAndTimeout(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class AbortAndTimeoutInWebKit(WebKitFixture browser, BridgeServers servers) : AbortAndTimeout(browser, servers);
