using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// Messages nobody should send: junk and fuzz posted to the relay by its own parent (to its window and over its
/// port), requests bridge.js would never make, and forged handshakes and responses posted to a page that uses
/// bridge.js. Nothing throws, nothing answers what it should not, and nothing reaches the service.
/// </summary>
public abstract class HostileMessages(BrowserFixture browser, BridgeServers servers)
{
    /// <summary>Seeds of the generated messages: a failure names its seed, so the run can be replayed.</summary>
    private const int WindowSeed = 20261122;
    private const int PortSeed = 1122_2026;
    private const int FuzzCount = 5_000;

    [Fact]
    public async Task MalformedMessagesFromTheParentAreIgnoredCountedAndPolluteNothing()
    {
        var (page, relay, errors) = await OpenOwnRelayAsync(servers.CrossSiteOrigin);
        await using var _ = page;

        var result = await page.EvaluateAsync<PostResult>(PageScripts.Load("post-junk-to-relay-window"));

        Assert.Equal(0, result.Uncloneable);
        Assert.True(result.Posted > 40, $"only {result.Posted} messages posted");
        Assert.Equal(["ready"], result.Answers);
        Assert.Equal(new RelayStats(result.Posted, 0, 0), await relay.StatsAsync());
        await AssertUnharmedAsync(page, relay, errors);
        await AssertStillServesAsync(page);
    }

    [Fact]
    public async Task FuzzingTheRelayWindowFromItsParentGetsNoAnswer()
    {
        var (page, relay, errors) = await OpenOwnRelayAsync(servers.CrossSiteOrigin);
        await using var _ = page;

        var result = await page.EvaluateAsync<PostResult>(
            PageScripts.Load("post-junk-to-relay-window"),
            new { seed = WindowSeed, count = FuzzCount });

        Assert.Equal(0, result.Uncloneable);
        Assert.Equal(FuzzCount, result.Posted);
        Assert.True(result.Answers is ["ready"], $"seed {WindowSeed}: the relay answered {string.Join(", ", result.Answers)}");
        Assert.Equal(new RelayStats(FuzzCount, 0, 0), await relay.StatsAsync());
        await AssertUnharmedAsync(page, relay, errors);
        await AssertStillServesAsync(page);
    }

    [Fact]
    public async Task FuzzingTheRelayPortGetsNoAnswerAndSendsNothing()
    {
        // On the open policy (any method, any header, /api/**), so anything the relay wrongly took for a request
        // would reach the service and its journal.
        var (page, relay, errors) = await OpenOwnRelayAsync(servers.CrossSiteOrigin);
        await using var _ = page;
        var marker = Guid.NewGuid().ToString("N");
        Assert.Equal("ready", await page.Page.EvaluateAsync<string>("async () => (await harness.hello()).type"));

        var result = await page.EvaluateAsync<PortFuzzResult>(
            PageScripts.Load("post-junk-to-relay-port"),
            new { seed = PortSeed, count = FuzzCount, urlBase = $"{servers.ServiceOrigin}/api/items/{marker}" });

        Assert.Equal(0, result.Uncloneable);
        Assert.True(result.Posted > FuzzCount * 9 / 10, $"only {result.Posted} messages posted");
        Assert.Equal("pong", result.Sentinel);
        Assert.True(result.Answers is ["pong"], $"seed {PortSeed}: the relay answered {string.Join(", ", result.Answers)}");
        Assert.Equal(new RelayStats(result.ExpectedIgnored, 0, 0), await relay.StatsAsync());
        Assert.Empty(servers.Journal.Matching(marker));
        await AssertUnharmedAsync(page, relay, errors);
        await AssertStillServesAsync(page);
    }

    /// <summary>
    /// Requests bridge.js never makes (its Request constructor and routing rule them out), sent over the port by hand,
    /// one after the other on one relay. Each is checked on its own and all failures are reported together.
    /// </summary>
    [Fact]
    public async Task HandMadeRequestsOutsideThePolicyAreRefusedOverThePort()
    {
        var (page, relay, errors) = await OpenOwnRelayAsync(servers.RestrictedCrossSiteOrigin);
        await using var _ = page;
        var service = servers.ServiceOrigin;
        (string Attack, string Code, Func<string, object> Fields)[] attacks =
        [
            ("another origin", "target-not-allowed", m => new { url = $"{servers.HostileCrossSiteOrigin}/api/items/{m}" }),
            ("the same server under another host name", "target-not-allowed", m => new { url = $"{servers.SecondServiceOrigin}/api/items/{m}" }),
            ("another scheme", "target-not-allowed", m => new { url = $"{service.Replace("http:", "https:", StringComparison.Ordinal)}/api/items/{m}" }),
            ("a relative URL", "target-not-allowed", m => new { url = $"/api/items/{m}" }),
            ("not a URL", "target-not-allowed", m => new { url = $"api items {m}" }),
            ("a data: URL", "target-not-allowed", m => new { url = $"data:text/plain,{m}" }),
            ("a lower-case method", "method-not-allowed", m => new { url = $"{service}/api/items/{m}", method = "post" }),
            ("a Cookie header", "header-not-allowed", m => new { url = $"{service}/api/items/{m}", headers = new[] { new[] { "Cookie", "session=stolen" } } }),
            ("the relay's origin header", "header-not-allowed", m => new { url = $"{service}/api/items/{m}", headers = new[] { new[] { "bridge-relay-origin", servers.CrossSiteOrigin } } }),
            ("a Sec-Fetch-Site header", "header-not-allowed", m => new { url = $"{service}/api/items/{m}", headers = new[] { new[] { "Sec-Fetch-Site", "same-origin" } } }),
            ("a Host header", "header-not-allowed", m => new { url = $"{service}/api/items/{m}", headers = new[] { new[] { "Host", "evil.example" } } }),
            ("an Origin header", "header-not-allowed", m => new { url = $"{service}/api/items/{m}", headers = new[] { new[] { "Origin", servers.CrossSiteOrigin } } }),
            ("credentials include", "credentials-not-allowed", m => new { url = $"{service}/api/items/{m}", credentials = "include" }),
            ("a body over the limit", "too-large", m => new { url = $"{service}/api/items/{m}", method = "POST", bodyBytes = BridgeServers.RestrictedMaxRequestBodyBytes + 1 }),
            // user:password@ is not part of the origin, so the target check passes; the relay's own fetch refuses it.
            ("credentials in the URL", "network-error", m => new { url = $"{service.Replace("http://", "http://user:password@", StringComparison.Ordinal)}/api/items/{m}" }),
        ];
        Assert.Equal("ready", await page.Page.EvaluateAsync<string>("async () => (await harness.hello()).type"));
        var problems = new List<string>();

        foreach (var (attack, code, fields) in attacks)
        {
            var marker = Guid.NewGuid().ToString("N");
            var answer = await page.EvaluateAsync<Answer>(
                """
                async ({ bodyBytes, ...fields }) => {
                  const body = bodyBytes ? new ArrayBuffer(bodyBytes) : null;
                  return harness.ask(harness.request({ ...fields, body }), body ? [body] : []);
                }
                """,
                fields(marker));
            if (answer.Type != "failure" || answer.Code != code)
            {
                problems.Add($"{attack}: expected failure {code}, got {answer.Type} {answer.Code} {answer.Status}");
            }
            if (servers.Journal.Matching(marker) is { Count: > 0 } received)
            {
                problems.Add($"{attack}: the service received {string.Join(", ", received)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        // Refusals are counted; the failed fetch (credentials in the URL) is not a refusal.
        Assert.Equal(new RelayStats(0, attacks.Length - 1, 0), await relay.StatsAsync());
        await AssertUnharmedAsync(page, relay, errors);
    }

    [Fact]
    public async Task ARequestReusingThePendingCallsIdIsIgnored()
    {
        // A second request with the id of a call still in flight must neither be sent nor take over the first call.
        var (page, relay, errors) = await OpenOwnRelayAsync(servers.RestrictedCrossSiteOrigin);
        await using var _ = page;
        var gate = Guid.NewGuid().ToString("N");
        var marker = Guid.NewGuid().ToString("N");
        Assert.Equal("ready", await page.Page.EvaluateAsync<string>("async () => (await harness.hello()).type"));

        await page.Page.EvaluateAsync(
            "url => { window.first = harness.ask(harness.request({ id: 'reused-id', url })); }",
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.GatePath}/{gate}");
        await servers.Journal.WaitForRequestAsync(gate, TimeSpan.FromSeconds(15));
        var beforeRelease = await page.EvaluateAsync<string[]>(
            """
            async (url) => {
              harness.port.postMessage(harness.request({ id: "reused-id", url }));
              await harness.sentinel();
              return harness.portMessages.map((m) => m.type);
            }
            """,
            $"{servers.ServiceOrigin}/api/items/{marker}");
        servers.Gates.Open(gate);
        var first = await page.EvaluateAsync<Answer>("() => window.first");

        Assert.Equal(["pong"], beforeRelease);
        Assert.Equal("response", first.Type);
        Assert.Equal(200, first.Status);
        Assert.Empty(servers.Journal.Matching(marker));
        Assert.Equal(new RelayStats(1, 0, 1), await relay.StatsAsync());
        await AssertUnharmedAsync(page, relay, errors);
    }

    [Fact]
    public async Task ForgedHandshakeAndResponseMessagesFromOtherWindowsAreIgnoredByBridgeJs()
    {
        // The page, a hostile frame in it and a frame on the relay's own origin that is not the relay (a page of the
        // service) post forged "ready" (with their own port), "refused", "response", "failure" and "closing"
        // messages to the page's window: while the handshake is under way (held open by delaying the relay page),
        // and while the call is pending (held by the service). The real call still gets the real answer, and no
        // forged port ever receives a request. Nothing is opened ahead, so the call's handshake is the one held.
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.SameSiteOrigin, servers.ServiceOrigin, preconnect: "none");
        var hostile = await page.Page.AddFrameAsync(servers.HostileSameSiteOrigin + "/blank.html");
        var service = await page.Page.AddFrameAsync(servers.ServicePage);
        IFrame[] forgers = [hostile, service];
        foreach (var frame in forgers)
        {
            await frame.EvaluateAsync(PageScripts.Load("install-forger"));
        }
        await page.Page.EvaluateAsync(PageScripts.Load("install-forger"));
        string[] Sentinels(string phase) => [$"{phase}:self", $"{phase}:{servers.HostileSameSiteOrigin}", $"{phase}:{servers.ServiceOrigin}"];
        var gate = Guid.NewGuid().ToString("N");
        var relayRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var relayReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.Page.RouteAsync(new Regex("^" + Regex.Escape(page.RelayUrl(servers.ServiceOrigin)) + "$"), async route =>
        {
            relayRequested.TrySetResult();
            await relayReleased.Task;
            await route.ContinueAsync();
        });

        await page.Page.EvaluateAsync(
            PageScripts.Load("call-then-forge"),
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.GatePath}/{gate}");
        await relayRequested.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        foreach (var frame in forgers)
        {
            await frame.EvaluateAsync("() => forge(parent, 'connecting')");
        }
        await page.Page.EvaluateAsync("names => window.sentinelsSeen(names)", Sentinels("connecting"));
        Assert.Null(await SettledCallAsync(page));
        relayReleased.TrySetResult();
        await servers.Journal.WaitForRequestAsync(gate, TimeSpan.FromSeconds(15));
        await page.Page.EvaluateAsync("() => forge(window, 'pending')");
        foreach (var frame in forgers)
        {
            await frame.EvaluateAsync("() => forge(parent, 'pending')");
        }
        await page.Page.EvaluateAsync("names => window.sentinelsSeen(names)", Sentinels("pending"));
        Assert.Null(await SettledCallAsync(page));
        servers.Gates.Open(gate);
        var call = await page.EvaluateAsync<CallResult>("() => window.call");

        Assert.True(call.Ok, call.Body);
        Assert.Equal(200, call.Status);
        Assert.Equal($"released {gate}", call.Body);
        Assert.Empty(await page.Page.EvaluateAsync<string[]>("() => window.stolen"));
        foreach (var frame in forgers)
        {
            Assert.Empty(await frame.EvaluateAsync<string[]>("() => window.stolen"));
        }
        Assert.Equal(new RelayStats(0, 0, 1), await page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin)).StatsAsync());
    }

    /// <summary>The call's result if it has settled already (it must not have, before its answer is released), else null.</summary>
    private static Task<string?> SettledCallAsync(BrowserPage page) =>
        page.Page.EvaluateAsync<string?>("() => Promise.race([window.call, Promise.resolve(null)]).then((result) => result && JSON.stringify(result))");

    /// <summary>A page on <paramref name="origin"/> that frames the relay itself (no bridge.js) with the harness and junk installed.</summary>
    private async Task<(BrowserPage Page, IFrame Relay, ConcurrentQueue<string> Errors)> OpenOwnRelayAsync(string origin)
    {
        var page = await BrowserPage.OpenAsync(browser, origin + "/blank.html");
        var errors = new ConcurrentQueue<string>();
        page.Page.PageError += (_, error) => errors.Enqueue(error);
        await page.Page.EvaluateAsync(PageScripts.Load("install-harness"));
        await page.Page.EvaluateAsync(PageScripts.Load("install-junk"));
        await page.Page.EvaluateAsync("url => harness.open(url)", page.RelayUrl(servers.ServiceOrigin));
        var relay = page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin));
        await relay.ProbeAsync();
        return (page, relay, errors);
    }

    private static async Task AssertUnharmedAsync(BrowserPage page, IFrame relay, ConcurrentQueue<string> errors)
    {
        Assert.Empty(await relay.ErrorsAsync());
        Assert.Empty(errors);
        Assert.True(await relay.UnpollutedAsync(), "Object.prototype was polluted in the relay frame");
        Assert.True(await page.Page.MainFrame.UnpollutedAsync(), "Object.prototype was polluted in the page");
    }

    /// <summary>After all that, the relay still serves its parent: a valid request over the port gets its response.</summary>
    private async Task AssertStillServesAsync(BrowserPage page)
    {
        var marker = Guid.NewGuid().ToString("N");
        var answer = await page.EvaluateAsync<Answer>(
            "async (url) => { if (!harness.port) await harness.hello(); return harness.ask(harness.request({ url })); }",
            $"{servers.ServiceOrigin}/api/hello?marker={marker}");
        Assert.Equal("response", answer.Type);
        Assert.Equal(200, answer.Status);
        Assert.Single(servers.Journal.Matching(marker));
    }

    public sealed record PostResult(int Posted, int Uncloneable, string[] Answers);

    public sealed record PortFuzzResult(int Posted, int Uncloneable, int ExpectedIgnored, string[] Answers, string Sentinel);

    public sealed record Answer(string Type, string? Id, string? Code, int? Status);

    public sealed record CallResult(bool Ok, int Status, string Body);
}

[Collection(ChromiumEngine.Name)]
public sealed class HostileMessagesInChromium(ChromiumFixture browser, BridgeServers servers) : HostileMessages(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class HostileMessagesInFirefox(FirefoxFixture browser, BridgeServers servers) : HostileMessages(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class HostileMessagesInWebKit(WebKitFixture browser, BridgeServers servers) : HostileMessages(browser, servers);
