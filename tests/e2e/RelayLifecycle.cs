using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// The relay frame's life: it goes away mid-call (removed, reloaded, navigated) or is closed by the page, it never
/// loads, or it speaks another protocol version. Each ends pending calls at once with the right bridge error, and the
/// next call opens a new relay.
/// </summary>
public abstract class RelayLifecycle(BrowserFixture browser, BridgeServers servers)
{
    /// <summary>Well short of the 30 s the slow endpoint holds its response, and of the liveness timeout the tests set.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>Disables the liveness check as a way out: only noticing the frame itself can end a call within the bound.</summary>
    private static readonly object NoLivenessTimeout = new { livenessTimeout = 600_000 };

    private string HeldUrl(string marker) => $"{servers.ServiceOrigin}/api/slow?ms=30000&before=true&marker={marker}";

    [Theory]
    [InlineData("removed")]
    [InlineData("reloaded")]
    [InlineData("navigated")]
    public async Task ARelayFrameThatGoesAwayRejectsThePendingCallAtOnceAndTheNextCallWorks(string departure)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(NoLivenessTimeout);
        var marker = Guid.NewGuid().ToString("N");
        await page.StartAsync("call", "(url) => bridge.fetch(url).then((response) => response.status)", HeldUrl(marker));
        await servers.Journal.WaitForRequestAsync(marker, Bound);

        await page.Page.EvaluateAsync(PageScripts.Load("relay-goes-away"), departure);
        var outcome = await page.SettledAsync("call", Bound);

        AssertBridgeError(outcome, "relay-lost", $"the relay {servers.ServiceOrigin}/bridge/relay.html went away");
        // Cancelled, so the service was still holding it: the rejection did not wait for the response.
        await servers.Journal.WaitForCancellationAsync(marker, Bound);
        await AssertTheNextCallOpensOneNewRelayAsync(page);
    }

    /// <summary>
    /// The relay's renderer process crashes (Chromium's DevTools protocol crashes the cross-site frame's process only).
    /// Nothing in the page says so: the unanswered liveness checks do, after the 2 s set here (5 s by default).
    /// </summary>
    [Fact]
    public async Task ARelayWhoseProcessCrashesRejectsThePendingCallAtOnceAndTheNextCallWorks()
    {
        if (browser.Engine != "chromium")
        {
            Assert.Skip("Crashing one frame's process takes Chromium's DevTools protocol.");
        }
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { livenessTimeout = 2000 });
        var marker = Guid.NewGuid().ToString("N");
        await page.StartAsync("call", "(url) => bridge.fetch(url).then((response) => response.status)", HeldUrl(marker));
        await servers.Journal.WaitForRequestAsync(marker, Bound);
        var relay = await page.Page.Locator("iframe[title='Bridge relay']").ContentFrame.Locator("body").ElementHandleAsync();
        var session = await page.Page.Context.NewCDPSessionAsync((await relay.OwnerFrameAsync())!);

        // The crash ends the session's connection before any answer: it is not awaited.
        _ = session.SendAsync("Page.crash").ContinueWith(_ => { }, TaskScheduler.Default);
        var outcome = await page.SettledAsync("call", Bound);

        AssertBridgeError(outcome, "relay-lost", "the relay has not answered for");
        await servers.Journal.WaitForCancellationAsync(marker, Bound);
        await AssertTheNextCallOpensOneNewRelayAsync(page);
    }

    /// <summary>
    /// A navigation of the page that never leaves it (a 204 answer, a download) starts unloading and stops: the page, its
    /// relay frame and fetch's own calls all stay. A pending bridge call must stay too, and get its answer.
    /// </summary>
    [Theory]
    [InlineData("/api/status/204")]
    [InlineData("/api/bytes?n=10")]
    public async Task ANavigationThatDoesNotLeaveThePageLeavesItsCallsAlone(string target)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(NoLivenessTimeout);
        await page.PreconnectAsync(servers.ServiceOrigin);
        var frames = await page.RelayFramesAsync();
        var marker = Guid.NewGuid().ToString("N");
        await page.StartAsync(
            "call",
            "(url) => bridge.fetch(url).then(async (response) => ({ status: response.status, text: await response.text() }))",
            $"{servers.ServiceOrigin}/api/slow?ms=4000&before=true&marker={marker}");
        await servers.Journal.WaitForRequestAsync(marker, Bound);

        await page.Page.EvaluateAsync("url => { location.href = url; }", servers.ServiceOrigin + target);
        var outcome = await page.SettledAsync("call", Bound);

        Assert.True(outcome.Resolved, $"the call failed: {outcome.Code}: {outcome.Message}");
        Assert.Equal(200, outcome.Value.GetProperty("status").GetInt32());
        Assert.Equal("first\nlast\n", outcome.Value.GetProperty("text").GetString());
        Assert.Equal(frames, await page.RelayFramesAsync());
    }

    /// <summary>
    /// A page that stalls (a long task here; an alert or a throttled tab alike) delays its liveness checks and the
    /// relay's answers to them together: however long it lasts, the relay it could not hear is not lost. The stall is
    /// longer than the liveness timeout set here, and three more checks follow it while the call is held; then the
    /// call gets its answer.
    /// </summary>
    [Fact]
    public async Task APageThatStallsLongerThanTheLivenessTimeoutKeepsItsRelay()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { livenessTimeout = 2000 });
        await page.RecordPortMessagesAsync();
        var marker = Guid.NewGuid().ToString("N");
        await page.StartAsync(
            "call",
            "(url) => bridge.fetch(url).then((response) => response.text()).finally(() => { window.callSettled = true; })",
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.GatePath}/{marker}");
        await servers.Journal.WaitForRequestAsync(marker, Bound);

        var pings = await page.Page.EvaluateAsync<int>(
            """
            () => {
              const end = performance.now() + 3000;
              while (performance.now() < end);
              return window.bridgePortMessages.filter((type) => type === 'ping').length;
            }
            """);
        await page.Page.WaitForFunctionAsync(
            "n => window.callSettled || window.bridgePortMessages.filter((type) => type === 'ping').length >= n",
            pings + 3,
            new() { Timeout = (float)Bound.TotalMilliseconds });
        servers.Gates.Open(marker);
        var outcome = await page.SettledAsync("call", Bound);

        Assert.True(outcome.Resolved, $"the call failed: {outcome.Code}: {outcome.Message}");
        Assert.Equal($"released {marker}", outcome.Value.GetString());
    }

    /// <summary>
    /// After a navigation of the page that stays (a 204 answer), the relay has seen beforeunload and cannot know yet
    /// whether it is leaving. A call that fails then (redirect: "error") fails as a network error, as fetch's would,
    /// and alone: the call held meanwhile gets its answer, and the relay stays.
    /// </summary>
    [Fact]
    public async Task AFailureAfterANavigationThatStaysFailsOnlyItsOwnCall()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(NoLivenessTimeout);
        var marker = Guid.NewGuid().ToString("N");
        await page.StartAsync("held", "(url) => bridge.fetch(url).then((response) => response.text())", $"{servers.ServiceOrigin}{PolicyTestEndpoints.GatePath}/{marker}");
        await servers.Journal.WaitForRequestAsync(marker, Bound);
        var frames = await page.RelayFramesAsync();
        var relay = page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin));
        await relay.EvaluateAsync("() => addEventListener('beforeunload', () => { window.sawBeforeUnload = true; })");

        await page.Page.EvaluateAsync("url => { location.href = url; }", servers.ServiceOrigin + "/api/status/204");
        await relay.WaitForFunctionAsync("() => window.sawBeforeUnload === true", null, new() { Timeout = (float)Bound.TotalMilliseconds });
        var failed = await page.RunAsync("(url) => bridge.fetch(url, { redirect: 'error' })", $"{servers.ServiceOrigin}/api/redirect?to=/api/hello", Bound);
        servers.Gates.Open(marker);
        var held = await page.SettledAsync("held", Bound);

        AssertBridgeError(failed, "network-error", "could not complete the request");
        Assert.True(held.Resolved, $"the held call failed: {held.Code}: {held.Message}");
        Assert.Equal($"released {marker}", held.Value.GetString());
        Assert.Equal(frames, await page.RelayFramesAsync());
    }

    /// <summary>
    /// A keepalive request outlives the page that made it, as fetch's does: the service answers it after the page
    /// (and its relay frame) are gone. A plain request held beside it is cancelled, which shows that their end has come.
    /// </summary>
    [Fact]
    public async Task AKeepaliveRequestOutlivesThePage()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(NoLivenessTimeout);
        var kept = "kept-" + Guid.NewGuid().ToString("N");
        var plain = "plain-" + Guid.NewGuid().ToString("N");
        await page.StartAsync("kept", "(url) => bridge.fetch(url, { keepalive: true })", $"{servers.ServiceOrigin}{PolicyTestEndpoints.GatePath}/{kept}");
        await page.StartAsync("plain", "(url) => bridge.fetch(url)", $"{servers.ServiceOrigin}{PolicyTestEndpoints.GatePath}/{plain}");
        await servers.Journal.WaitForRequestAsync(kept, Bound);
        await servers.Journal.WaitForRequestAsync(plain, Bound);

        await page.Page.GotoAsync(servers.CrossSiteOrigin + "/blank.html");
        await servers.Journal.WaitForCancellationAsync(plain, Bound);
        servers.Gates.Open(kept);

        Assert.False(await servers.Journal.WaitForEndAsync(kept, Bound), "the keepalive request was cancelled with the page");
    }

    /// <summary>
    /// A page that replaces its body (as Turbo-style navigation does) takes the idle relay frame out with it; no
    /// observer of the body sees that. The next call, made at once (before any message from the relay could say it is
    /// going), notices, and opens a new relay.
    /// </summary>
    [Fact]
    public async Task ARelayFrameTakenOutWithItsParentIsReplacedByTheNextCall()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(NoLivenessTimeout);
        await page.PreconnectAsync(servers.ServiceOrigin);

        var outcome = await page.RunAsync(
            "(url) => { document.body.replaceWith(document.createElement('body')); return bridge.fetch(url).then((response) => response.status); }",
            servers.ServiceOrigin + "/api/hello",
            Bound);

        Assert.True(outcome.Resolved, $"the call failed: {outcome.Code}: {outcome.Message}");
        Assert.Equal(200, outcome.Value.GetInt32());
        Assert.Equal([page.RelayUrl(servers.ServiceOrigin)], await page.RelayFramesAsync());
    }

    /// <summary>A relay closed between a call and its sending rejects the call with what closed it.</summary>
    [Fact]
    public async Task ACallOnARelayClosedBeforeItIsSentRejectsAsClosed()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.PreconnectAsync(servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            "(url) => { const call = bridge.fetch(url); bridge.closeRelay(); return call; }",
            $"{servers.ServiceOrigin}/api/echo?marker={marker}",
            Bound);

        AssertBridgeError(outcome, "relay-closed", "was closed by this page");
        Assert.Empty(servers.Journal.Matching(marker));
        await AssertTheNextCallOpensOneNewRelayAsync(page);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClosingTheRelayRejectsThePendingCallAsClosedAndTheNextCallWorks(bool naming)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(NoLivenessTimeout);
        var marker = Guid.NewGuid().ToString("N");
        await page.StartAsync("call", "(url) => bridge.fetch(url).then((response) => response.status)", HeldUrl(marker));
        await servers.Journal.WaitForRequestAsync(marker, Bound);

        await page.Page.EvaluateAsync("origin => origin === null ? bridge.closeRelay() : bridge.closeRelay(origin)", naming ? servers.ServiceOrigin : null);
        var outcome = await page.SettledAsync("call", Bound);

        AssertBridgeError(outcome, "relay-closed", "was closed by this page");
        await servers.Journal.WaitForCancellationAsync(marker, Bound);
        await AssertTheNextCallOpensOneNewRelayAsync(page);
    }

    /// <summary>The body of an answered call errors with relay-lost when the relay goes away while it is read.</summary>
    [Theory]
    [InlineData("removed", true)]
    [InlineData("removed", false)]
    [InlineData("reloaded", true)]
    [InlineData("reloaded", false)]
    [InlineData("navigated", true)]
    public async Task ARelayThatGoesAwayWhileABodyIsReadErrorsTheBody(string departure, bool transferStreams)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { transferStreams, livenessTimeout = 600_000 });
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            PageScripts.Load("relay-goes-away-while-reading", "relay-goes-away"),
            new { url = $"{servers.ServiceOrigin}/api/slow?ms=30000&marker={marker}", departure },
            Bound);

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.Equal("first\n", outcome.Value.GetProperty("first").GetString());
        Assert.Equal("relay-lost", outcome.Value.GetProperty("next").GetString());
        Assert.True(outcome.Value.GetProperty("isBridgeError").GetBoolean());
        await servers.Journal.WaitForCancellationAsync(marker, Bound);
    }

    /// <summary>
    /// bridge.preconnect opens the relay before any call and resolves once it is ready; the first call then uses that
    /// frame (marked here), with no handshake of its own, and nothing reached the service before it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PreconnectOpensTheRelayThatTheFirstCallUses(bool byUrl)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");
        var service = byUrl ? $"{servers.ServiceOrigin}/api/anything?marker={marker}" : servers.ServiceOrigin;

        var frames = await page.Page.EvaluateAsync<string[]>(
            """
            async (service) => {
              await bridge.preconnect(service);
              const frames = [...document.querySelectorAll('iframe')];
              frames.forEach((frame) => { frame.dataset.preconnected = 'yes'; });
              return frames.map((frame) => frame.src);
            }
            """,
            service);

        Assert.Equal([page.RelayUrl(servers.ServiceOrigin)], frames);
        Assert.Empty(servers.Journal.Matching(marker));
        var call = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");
        Assert.True(call.Ok, call.Message);
        Assert.Equal(["yes"], await page.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('iframe')].map((frame) => frame.dataset.preconnected ?? 'new')"));
    }

    /// <summary>A page can check its setup before any call: preconnect rejects as the call would.</summary>
    [Fact]
    public async Task PreconnectFromAnOriginNotAllowedRejectsWithTheCallsError()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.HostileOrigin(SiteKind.CrossSite), servers.ServiceOrigin);

        var outcome = await page.RunAsync("(origin) => bridge.preconnect(origin)", servers.ServiceOrigin, Bound);

        AssertBridgeError(outcome, "relay-unanswered", "Bridge:Relay:Sites");
    }

    [Theory]
    [InlineData("http://", "TypeError")]
    [InlineData("ftp://files.example", "TypeError")]
    public async Task PreconnectRefusesWhatIsNotAService(string service, string name)
    {
        // Nothing opened ahead: no relay frame afterwards shows that preconnect opened none.
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin, preconnect: "none");

        var outcome = await page.RunAsync("(service) => bridge.preconnect(service)", service, Bound);

        Assert.False(outcome.Resolved, "preconnect resolved");
        Assert.Equal(name, outcome.Name);
        Assert.False(outcome.IsBridgeError);
        Assert.Empty(await page.RelayFramesAsync());
    }

    /// <summary>
    /// The liveness check (a timer and a ping a second) runs while something waits on the relay: a pending call, or a
    /// read of a body. A body the page holds but does not read costs nothing once the timer's next tick has found it
    /// idle. The page's timers are counted.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheRelayIsWatchedWhileAReadWaitsNotWhileABodyLiesUnread(bool transferStreams)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { transferStreams });
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            PageScripts.Load("count-liveness-timers"),
            $"{servers.ServiceOrigin}/api/slow?ms=30000&marker={marker}",
            Bound);

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.Equal("first\n", outcome.Value.GetProperty("first").GetString());
        Assert.Equal(0, outcome.Value.GetProperty("unread").GetInt32());
        Assert.Equal(1, outcome.Value.GetProperty("whileReading").GetInt32());
        Assert.Equal(0, outcome.Value.GetProperty("cancelled").GetInt32());
        await servers.Journal.WaitForCancellationAsync(marker, Bound);
    }

    /// <summary>The relay "page" is a response that never comes: the frame never loads, and the handshake times out.</summary>
    [Fact]
    public async Task ARelayThatNeverLoadsRejectsWithHandshakeTimeoutAndSendsNothing()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");
        var relayUrl = $"{servers.ServiceOrigin}/api/slow?ms=60000&before=true&marker=frame-{marker}";
        await page.ConfigureBridgeAsync(new { relays = new Dictionary<string, string> { [servers.ServiceOrigin] = relayUrl }, handshakeTimeout = 1500 });

        var outcome = await page.RunAsync(
            "(url) => bridge.fetch(url, { method: 'POST', body: 'never sent' })",
            $"{servers.ServiceOrigin}/api/echo?marker=call-{marker}",
            Bound);

        AssertBridgeError(outcome, "handshake-timeout", relayUrl);
        Assert.Empty(servers.Journal.Matching("call-" + marker));
        Assert.Empty(await page.RelayFramesAsync());
        // The frame was given up: its load was cancelled, not left hanging for the minute the "relay" takes.
        await servers.Journal.WaitForCancellationAsync("frame-" + marker, Bound);
    }

    [Fact]
    public async Task ARelayOfAnotherVersionIsRefusedByBridgeJs()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");
        var relayUrl = $"{servers.ServiceOrigin}{ServiceTestPages.FakeRelayPath}?v=9";
        await page.ConfigureBridgeAsync(new { relays = new Dictionary<string, string> { [servers.ServiceOrigin] = relayUrl } });

        var outcome = await page.RunAsync(
            "(url) => bridge.fetch(url, { method: 'POST', body: 'never sent' })",
            $"{servers.ServiceOrigin}/api/echo?marker={marker}",
            Bound);

        AssertBridgeError(outcome, "version-mismatch", "relay version 9");
        Assert.Contains(relayUrl, outcome.Message, StringComparison.Ordinal);
        Assert.Empty(servers.Journal.Matching(marker));
        Assert.Empty(await page.RelayFramesAsync());
    }

    /// <summary>A relay that answers with a response no Response can be built from fails the call as a protocol error.</summary>
    [Fact]
    public async Task AnAnswerThatMakesNoResponseRejectsAsAProtocolError()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var relayUrl = $"{servers.ServiceOrigin}{ServiceTestPages.FakeRelayPath}?v=1&answer=unbuildable";
        await page.ConfigureBridgeAsync(new { relays = new Dictionary<string, string> { [servers.ServiceOrigin] = relayUrl } });

        var outcome = await page.RunAsync("(url) => bridge.fetch(url)", $"{servers.ServiceOrigin}/api/hello", Bound);

        AssertBridgeError(outcome, "protocol-error", "a response this browser cannot construct");
    }

    /// <summary>A hello of another version gets "refused" with version-mismatch and no port; the relay's own version is answered.</summary>
    [Theory]
    [InlineData(1, "ready", null, 1)]
    [InlineData(6, "refused", "version-mismatch", 0)]
    [InlineData(99, "refused", "version-mismatch", 0)]
    public async Task TheRelayAnswersAHelloOfAnotherVersionWithRefused(int version, string type, string? code, int ports)
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");

        var outcome = await page.RunAsync(
            PageScripts.Load("hello-in-own-frame"),
            new { relayUrl = page.RelayUrl(servers.ServiceOrigin), version },
            Bound);

        Assert.True(outcome.Resolved, outcome.Message);
        var answer = outcome.Value;
        Assert.Equal(servers.ServiceOrigin, answer.GetProperty("origin").GetString());
        Assert.Equal(1, answer.GetProperty("v").GetInt32());
        Assert.Equal(type, answer.GetProperty("type").GetString());
        Assert.Equal(code, answer.GetProperty("code").GetString());
        Assert.Equal(ports, answer.GetProperty("ports").GetInt32());
        if (code is not null)
        {
            Assert.Contains($"bridge.js version {version}", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A bridge error is a plain TypeError whose explanation (<c>bridge.describe</c>) names the cause; a network failure's
    /// message is the engine's own network-error message, anything else's is the explanation itself.
    /// </summary>
    private static void AssertBridgeError(PageOutcome outcome, string code, string explanationContains)
    {
        Assert.False(outcome.Resolved, "the call answered");
        Assert.True(outcome.IsBridgeError, $"not a bridge error: {outcome.Name}: {outcome.Message}");
        Assert.True(outcome.IsTypeError, "a bridge error that is not a TypeError");
        Assert.Equal("TypeError", outcome.Constructor);
        Assert.Equal("TypeError", outcome.Name);
        Assert.True(outcome.Code == code, $"expected {code}, got {outcome.Code}: {outcome.Message}");
        Assert.StartsWith("http", outcome.RelayUrl, StringComparison.Ordinal);
        Assert.Contains(explanationContains, outcome.Description, StringComparison.Ordinal);
        if (code is "network-error" or "relay-unanswered" or "handshake-timeout" or "relay-lost")
        {
            Assert.True(
                outcome.Message is "Failed to fetch" or "NetworkError when attempting to fetch resource." or "Load failed",
                $"a network failure whose message is not the engine's own: {outcome.Message}");
        }
        else
        {
            Assert.Equal(outcome.Description, outcome.Message);
        }
    }

    private async Task AssertTheNextCallOpensOneNewRelayAsync(BrowserPage page)
    {
        var next = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");
        Assert.True(next.Ok, next.Message);
        Assert.Equal(200, next.Status);
        Assert.Equal([page.RelayUrl(servers.ServiceOrigin)], await page.RelayFramesAsync());
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class RelayLifecycleInChromium(ChromiumFixture browser, BridgeServers servers) : RelayLifecycle(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class RelayLifecycleInFirefox(FirefoxFixture browser, BridgeServers servers) : RelayLifecycle(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class RelayLifecycleInWebKit(WebKitFixture browser, BridgeServers servers) : RelayLifecycle(browser, servers);
