using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// Many calls at once over two relays from one page: every call gets its own answer, none is lost or answered twice,
/// and an answer that belongs to no pending call (unknown, duplicate, late) reaches nobody.
/// </summary>
public abstract class ManyCalls(BrowserFixture browser, BridgeServers servers)
{
    private const int Total = 10_000;

    private const int InFlight = 256;

    /// <summary>
    /// A relay takes its settings when it opens, so the first relay is opened with <c>transferStreams: false</c> and
    /// the second with the default: the large bodies of one travel as chunk messages sorted by call id, those of the
    /// other as transferred streams, and the small ones of both inline.
    /// </summary>
    [Fact]
    public async Task TenThousandCallsOverTwoRelaysEachGetTheirOwnAnswer()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var run = Guid.NewGuid().ToString("N");

        await page.StartAsync(
            "calls",
            PageScripts.Load("many-calls-over-two-relays"),
            new { origins = new[] { servers.ServiceOrigin, servers.SecondServiceOrigin }, total = Total, inFlight = InFlight, run });
        PageOutcome outcome;
        try
        {
            // A bound against a hang, not a timing goal: alone, an engine takes about two minutes on two cores.
            outcome = await page.SettledAsync("calls", TimeSpan.FromSeconds(360));
        }
        catch (TimeoutException timeout)
        {
            // Slow or stuck: the progress tells.
            throw new TimeoutException($"{timeout.Message} {await page.Page.EvaluateAsync<string>("() => window.manyCallsProgress()")}", timeout);
        }

        Assert.True(outcome.Resolved, outcome.Message);
        var result = outcome.Value;
        Assert.Empty(result.GetProperty("problems").EnumerateArray().Select(problem => problem.GetString()));
        Assert.Equal(Total, result.GetProperty("answeredOnce").GetInt32());
        Assert.Equal(0, result.GetProperty("answeredTwice").GetInt32());
        Assert.Equal(InFlight, result.GetProperty("most").GetInt32());
        Assert.Equal(
            [page.RelayUrl(servers.SecondServiceOrigin), page.RelayUrl(servers.ServiceOrigin)],
            result.GetProperty("frames").EnumerateArray().Select(frame => frame.GetString()).Order(StringComparer.Ordinal));
        // A tenth of the calls, one in five, to each service: its relay's large bodies, chunk messages from the first,
        // transferred streams from the second (small bodies that did not end at once go the same way).
        var (chunked, transferred) = await BodiesAsync(page, servers.ServiceOrigin);
        Assert.True(chunked >= Total / 10 && transferred == 0, $"the first relay sent {chunked} chunked and {transferred} transferred bodies");
        (chunked, transferred) = await BodiesAsync(page, servers.SecondServiceOrigin);
        Assert.True(transferred >= Total / 10 && chunked == 0, $"the second relay sent {chunked} chunked and {transferred} transferred bodies");
        // Each request reached the service once: none repeated, none lost on the way.
        Assert.Equal(Total, servers.Journal.Matching("run=" + run).Count);
    }

    /// <summary>How many bodies the relay of <paramref name="origin"/> sent as chunk messages and as transferred streams.</summary>
    private static async Task<(int Chunked, int Transferred)> BodiesAsync(BrowserPage page, string origin)
    {
        var bodies = await page.Page.SingleRelay(page.RelayUrl(origin)).BodiesAsync();
        return (bodies.ChunkedBodies, bodies.TransferredBodies);
    }

    /// <summary>
    /// The client's end of the relay's port is the page's own MessagePort object: answers that belong to no pending
    /// call are dispatched on it the instant a real request is posted, before that request's answer can come. The
    /// relay's end lives in the relay's frame and cannot be reached from a page, so this proves how bridge.js sorts
    /// what arrives, not whether a relay ever sends such answers.
    /// </summary>
    [Fact]
    public async Task AnswersForNoPendingCallReachNoCallAndLeaveTheRelayWorking()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);

        var outcome = await page.RunAsync(
            PageScripts.Load("stray-answers"),
            servers.ServiceOrigin,
            TimeSpan.FromSeconds(20));

        Assert.True(outcome.Resolved, outcome.Message);
        var result = outcome.Value;
        Assert.Equal(12, result.GetProperty("strays").GetInt32());
        Assert.Equal("AbortError", result.GetProperty("cOutcome").GetString());
        var b = result.GetProperty("b");
        Assert.Equal(200, b.GetProperty("status").GetInt32());
        Assert.Equal(servers.ServiceOrigin + "/api/echo?call=B", b.GetProperty("url").GetString());
        Assert.Null(b.GetProperty("stray").GetString());
        Assert.Equal("?call=B", b.GetProperty("query").GetString());
        Assert.Equal("b", b.GetProperty("body").GetString());
        Assert.Equal(200, result.GetProperty("d").GetProperty("status").GetInt32());
        Assert.True(result.GetProperty("sameRelay").GetBoolean(), "the strays cost the page its relay");
        Assert.Equal(1, result.GetProperty("frames").GetInt32());
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class ManyCallsInChromium(ChromiumFixture browser, BridgeServers servers) : ManyCalls(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class ManyCallsInFirefox(FirefoxFixture browser, BridgeServers servers) : ManyCalls(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class ManyCallsInWebKit(WebKitFixture browser, BridgeServers servers) : ManyCalls(browser, servers);
