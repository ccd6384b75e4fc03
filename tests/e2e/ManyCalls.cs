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
    /// the second with the default: the bodies of one travel as chunk messages sorted by call id, those of the other as
    /// transferred streams.
    /// </summary>
    [Fact]
    public async Task TenThousandCallsOverTwoRelaysEachGetTheirOwnAnswer()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var run = Guid.NewGuid().ToString("N");

        await page.StartAsync(
            "calls",
            """
            async ({ origins, total, inFlight, run }) => {
              const pullsByPort = new Map();
              const post = MessagePort.prototype.postMessage;
              MessagePort.prototype.postMessage = function (message, ...rest) {
                if (message?.ns === 'bridge' && message.type === 'pull') pullsByPort.set(this, (pullsByPort.get(this) ?? 0) + 1);
                return post.call(this, message, ...rest);
              };
              bridge.configure({ transferStreams: false });
              await (await bridge.fetch(`${origins[0]}/api/hello`)).text();
              bridge.configure({ transferStreams: true });
              await (await bridge.fetch(`${origins[1]}/api/hello`)).text();
              const chunkedPulls = pullsByPort.size === 1 ? [...pullsByPort.values()][0] : -1;

              const hosts = origins.map((origin) => new URL(origin).host);
              const answers = new Uint16Array(total);
              const problems = [];
              let next = 0;
              let now = 0;
              let most = 0;
              let settled = 0;
              window.manyCallsProgress = () => `${settled} of ${total} calls settled, ${now} in flight`;
              const call = async (i) => {
                const which = i % origins.length;
                const url = `${origins[which]}/api/echo?i=${i}&run=${run}`;
                const response = await bridge.fetch(url, { method: 'POST', body: `call ${i}` });
                const echo = await response.json();
                const body = atob(echo.body);
                if (response.status === 200 && response.url === url && echo.query === `?i=${i}&run=${run}` && body === `call ${i}` && echo.headers.host?.[0] === hosts[which]) {
                  answers[i]++;
                } else if (problems.length < 10) {
                  problems.push(`call ${i} to ${hosts[which]} got status ${response.status}, url ${response.url}, query ${echo.query}, body ${body}, host ${echo.headers.host}`);
                }
              };
              const worker = async () => {
                while (next < total) {
                  const i = next++;
                  now++;
                  most = Math.max(most, now);
                  try {
                    await call(i);
                  } catch (error) {
                    if (problems.length < 10) problems.push(`call ${i}: ${error?.name} ${error?.code ?? ''} ${error?.message}`);
                  } finally {
                    now--;
                    settled++;
                  }
                }
              };
              await Promise.all(Array.from({ length: inFlight }, worker));
              return {
                portsThatPulled: pullsByPort.size,
                pullsOverTheChunkedRelay: [...pullsByPort.values()][0] - chunkedPulls,
                answeredOnce: answers.filter((n) => n === 1).length,
                answeredTwice: answers.filter((n) => n > 1).length,
                most,
                problems,
                frames: Array.from(document.querySelectorAll('iframe'), (frame) => frame.src).sort(),
              };
            }
            """,
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
        Assert.Equal(1, result.GetProperty("portsThatPulled").GetInt32());
        Assert.True(result.GetProperty("pullsOverTheChunkedRelay").GetInt32() >= Total, "the chunked relay's bodies did not come as chunk messages");
        // Each request reached the service once: none repeated, none lost on the way.
        Assert.Equal(Total, servers.Journal.Matching("run=" + run).Count);
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
            """
            async (service) => {
              const requests = [];
              let onRequest = () => undefined;
              const post = MessagePort.prototype.postMessage;
              MessagePort.prototype.postMessage = function (message, ...rest) {
                const result = post.call(this, message, ...rest);
                if (message?.ns === 'bridge' && message.type === 'request') {
                  requests.push(message.id);
                  onRequest(this, message.id);
                }
                return result;
              };
              const stray = (port, type, id, fields = {}) =>
                port.dispatchEvent(new MessageEvent('message', { data: { ns: 'bridge', v: 1, type, id, ...fields } }));
              const answer = (port, id) => stray(port, 'response', id, {
                status: 418, statusText: 'Stray', headers: [['x-stray', '1']], url: `${service}/stray`, redirected: false, body: null, chunked: false,
              });

              // A: answered. C: aborted after its request went out.
              const a = await bridge.fetch(`${service}/api/echo?call=A`);
              await a.text();
              const frame = document.querySelector('iframe');
              const controller = new AbortController();
              const cSent = new Promise((resolve) => { onRequest = (port, id) => resolve(id); });
              const c = bridge.fetch(`${service}/api/slow?ms=30000&before=true&call=C`, { signal: controller.signal });
              const cId = await cSent;
              controller.abort();
              const cOutcome = await c.then(() => 'resolved', (error) => error.name);
              const [aId] = requests;

              // B: the strays arrive the instant its request is posted, before its own answer can.
              let strays = 0;
              onRequest = (port) => {
                onRequest = () => undefined;
                for (const id of ['f'.repeat(32), aId, cId]) {
                  answer(port, id);
                  stray(port, 'failure', id, { code: 'network-error', message: 'stray failure' });
                  stray(port, 'chunk', id, { data: new Uint8Array([1, 2, 3]).buffer });
                  stray(port, 'end', id);
                  strays += 4;
                }
              };
              const b = await bridge.fetch(`${service}/api/echo?call=B`, { method: 'POST', body: 'b' });
              const bText = await b.text();
              const bEcho = b.status === 200 ? JSON.parse(bText) : { query: null, body: '' };

              const d = await bridge.fetch(`${service}/api/hello`);
              return {
                strays, cOutcome,
                b: { status: b.status, url: b.url, stray: b.headers.get('x-stray'), query: bEcho.query, body: atob(bEcho.body) },
                d: { status: d.status, text: await d.text() },
                sameRelay: document.querySelector('iframe') === frame && frame.isConnected,
                frames: document.querySelectorAll('iframe').length,
              };
            }
            """,
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
