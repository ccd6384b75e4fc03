using System.Text.Json;
using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// bridge.fetch fails the way fetch fails: the same failure, made with bridge.fetch on the site's page and with the
/// browser's own fetch on a page of the service's origin (the reference), rejects with the same constructor, name and
/// message, and settles at the same moment against a microtask queued right after the abort. The cases follow what
/// the web-platform-tests fetch/api suite (abort, redirect, basic) states of fetch.
/// </summary>
public abstract class FailsLikeFetch(BrowserFixture browser, BridgeServers servers)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>The engines' own network-error messages (is-network-error's list, which retry libraries use).</summary>
    private static readonly string[] NetworkMessages = ["Failed to fetch", "NetworkError when attempting to fetch resource.", "Load failed"];

    public static TheoryData<string> NetworkFailures => ["connection reset", "service down", "redirect error", "integrity mismatch"];

    /// <summary>
    /// A failure fetch meets as a network error rejects bridge.fetch with a plain TypeError and the engine's own message,
    /// so that retry logic written for fetch treats it alike; the bridge's code and explanation ride along, and the
    /// explanation is in the console.
    /// </summary>
    [Theory]
    [MemberData(nameof(NetworkFailures))]
    public async Task ANetworkFailureRejectsAsFetchDoes(string failure)
    {
        var marker = Guid.NewGuid().ToString("N");
        var (url, init, code, explains) = failure switch
        {
            "connection reset" => ($"{servers.ServiceOrigin}{FailureTestEndpoints.ResetPath}/{marker}", null, "network-error", "could not complete the request"),
            "service down" => ($"http://localhost:{servers.DeadPort}/api/hello?marker={marker}", null, ServiceDownCode, "service"),
            "redirect error" => ($"{servers.ServiceOrigin}/api/redirect?to=/api/hello&marker={marker}", (object?)new { redirect = "error" }, "network-error", "could not complete the request"),
            "integrity mismatch" => ($"{servers.ServiceOrigin}/api/hello?marker={marker}", new { integrity = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }, "network-error", "could not complete the request"),
            _ => throw new ArgumentOutOfRangeException(nameof(failure)),
        };
        await using var servicePage = await BrowserPage.OpenAsync(browser, servers.ServicePage);
        await using var sitePage = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var warnings = new List<string>();
        sitePage.Page.Console += (_, message) =>
        {
            if (message.Type == "warning")
            {
                lock (warnings)
                {
                    warnings.Add(message.Text);
                }
            }
        };
        await sitePage.ConfigureBridgeAsync(new { answerTimeout = 1000, handshakeTimeout = 3000 });

        var native = await FailAsync(servicePage, useBridge: false, url, init);
        var bridged = await FailAsync(sitePage, useBridge: true, url, init);

        Assert.True(native.Rejected, $"the case is wrong: fetch did not reject for {failure}");
        Assert.Contains(native.Message, NetworkMessages);
        Assert.Equal("TypeError", native.Constructor);
        Assert.True(bridged.Rejected, $"bridge.fetch did not reject for {failure}");
        Assert.Equal((native.Constructor, native.Name, native.Message), (bridged.Constructor, bridged.Name, bridged.Message));
        Assert.Equal(code, bridged.Code);
        Assert.Contains(explains, bridged.Description, StringComparison.Ordinal);
        Assert.NotEqual(bridged.Message, bridged.Description);
        lock (warnings)
        {
            Assert.Single(warnings, warning => warning == bridged.Description);
        }
    }

    /// <summary>Chromium shows its error page in a frame it cannot load, which then does not answer; Firefox never loads the frame.</summary>
    private string ServiceDownCode => browser.Engine == "firefox" ? "handshake-timeout" : "relay-unanswered";

    /// <summary>
    /// A service that drops the connection in the middle of the body: the response resolves, and the next read of the
    /// body's stream rejects as fetch's does, with the engine's own error, whether the body comes as a stream or as
    /// chunks. (text() and the other readers differ here: fetch's reject with "Failed to fetch" in Chromium and an
    /// AbortError in Firefox, bridge.fetch's with the stream's error; see the README.)
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AConnectionResetInTheBodyRejectsTheReadAsFetchsDoes(bool transferStreams)
    {
        var results = new Dictionary<string, JsonElement>();
        foreach (var useBridge in new[] { false, true })
        {
            await using var page = useBridge
                ? await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin)
                : await BrowserPage.OpenAsync(browser, servers.ServicePage);
            if (useBridge)
            {
                await page.ConfigureBridgeAsync(new { transferStreams });
            }
            var marker = Guid.NewGuid().ToString("N");
            await page.Page.EvaluateAsync(
                PageScripts.Load("settle-second-read", "settle"),
                new { url = $"{servers.ServiceOrigin}{FailureTestEndpoints.ResetBodyPath}/{marker}", useBridge });

            servers.Gates.Open(marker);
            results[useBridge ? "bridge.fetch" : "fetch"] = await page.Page.EvaluateAsync<JsonElement>("() => window.settled");
        }

        AssertSame("a connection reset in the body", results["fetch"], results["bridge.fetch"], expectRejected: true);
        Assert.Equal("network-error", results["bridge.fetch"].GetProperty("code").GetString());
    }

    /// <summary>A relay that goes away mid-call is a dropped connection to the caller: the engine's network-error message.</summary>
    [Fact]
    public async Task ARelayLostMidCallRejectsWithTheEnginesNetworkMessage()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");
        var engineMessage = (await FailAsync(page, useBridge: false, $"http://localhost:{servers.DeadPort}/", null)).Message;
        await page.StartAsync("held", "(url) => bridge.fetch(url)", $"{servers.ServiceOrigin}{PolicyTestEndpoints.GatePath}/{marker}");
        await servers.Journal.WaitForRequestAsync(marker, Bound);

        await page.Page.EvaluateAsync("() => document.querySelector('iframe').remove()");
        var outcome = await page.SettledAsync("held", Bound);
        servers.Gates.Open(marker);

        Assert.False(outcome.Resolved);
        Assert.Equal("TypeError", outcome.Constructor);
        Assert.Equal("TypeError", outcome.Name);
        Assert.Contains(engineMessage, NetworkMessages);
        Assert.Equal(engineMessage, outcome.Message);
        Assert.Equal("relay-lost", outcome.Code);
        Assert.Contains("went away before the answer came", outcome.Description, StringComparison.Ordinal);
    }

    /// <summary>
    /// bridge.js asks the engine for its network-error message by fetching a revoked blob: URL; a page whose CSP
    /// connect-src refuses blob: still gets the engine's network-error message, the one an unrefused fetch gives.
    /// </summary>
    [Fact]
    public async Task APageWhoseCspRefusesBlobUrlsGetsTheEnginesNetworkMessageToo()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var dead = $"http://localhost:{servers.DeadPort}";
        var engineMessage = (await FailAsync(page, useBridge: false, dead + "/", null)).Message;
        await page.Page.EvaluateAsync(
            """
            () => {
              const csp = document.createElement('meta');
              csp.httpEquiv = 'Content-Security-Policy';
              csp.content = "connect-src 'self'";
              document.head.append(csp);
            }
            """);
        Assert.True(
            await page.Page.EvaluateAsync<bool>(
                """
                async () => {
                  const url = URL.createObjectURL(new Blob(['x']));
                  try { await fetch(url); return false; } catch { return true; } finally { URL.revokeObjectURL(url); }
                }
                """),
            "the CSP did not refuse a blob: URL, so the test tests nothing");
        await page.ConfigureBridgeAsync(new { answerTimeout = 1000, handshakeTimeout = 3000 });

        var outcome = await FailAsync(page, useBridge: true, dead + "/api/hello", null);

        Assert.True(outcome.Rejected);
        Assert.Equal(ServiceDownCode, outcome.Code);
        Assert.Contains(engineMessage, NetworkMessages);
        Assert.Equal(engineMessage, outcome.Message);
    }

    /// <summary>A policy refusal is no network failure: its message is the explanation, which no retry logic takes for one.</summary>
    [Fact]
    public async Task ARefusalKeepsItsCodeAndExplanationAndDoesNotLookLikeANetworkFailure()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.RestrictedCrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await FailAsync(page, useBridge: true, $"{servers.ServiceOrigin}{PolicyTestEndpoints.OutsidePath}/{marker}", null);

        Assert.True(outcome.Rejected);
        Assert.Equal(("TypeError", "TypeError", "path-not-allowed"), (outcome.Constructor, outcome.Name, outcome.Code));
        Assert.DoesNotContain(outcome.Message, NetworkMessages);
        Assert.Equal(outcome.Description, outcome.Message);
        Assert.Contains("Nothing was sent to the service", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(servers.Journal.Matching(marker));
    }

    /// <summary>fetch rejects at once with an aborted signal: the rejection is there before a microtask queued after the call.</summary>
    [Fact]
    public async Task AnAlreadyAbortedSignalRejectsAsFetchDoes()
    {
        await CompareAsync(PageScripts.Load("call-with-an-aborted-signal", "settle"), "/api/echo?case=aborted", expectRejected: true);
    }

    /// <summary>An abort while the service holds the request rejects fetch within abort(), before a microtask queued after it.</summary>
    [Fact]
    public async Task AnAbortBeforeTheResponseRejectsInTheTurnFetchsDoes()
    {
        var results = new Dictionary<string, JsonElement>();
        foreach (var useBridge in new[] { false, true })
        {
            await using var page = useBridge
                ? await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin)
                : await BrowserPage.OpenAsync(browser, servers.ServicePage);
            var marker = Guid.NewGuid().ToString("N");
            await page.Page.EvaluateAsync(
                PageScripts.Load("start-abortable-call", "settle"),
                new { url = $"{servers.ServiceOrigin}/api/slow?ms=30000&before=true&marker={marker}", useBridge });
            await servers.Journal.WaitForRequestAsync(marker, Bound);

            var outcome = await page.Page.EvaluateAsync<JsonElement>(
                """
                async () => {
                  window.controller.abort();
                  Promise.resolve().then(() => window.order.push('microtask'));
                  return { ...(await window.settled), order: window.order };
                }
                """);
            results[useBridge ? "bridge.fetch" : "fetch"] = outcome;
            await servers.Journal.WaitForCancellationAsync(marker, Bound);
        }

        AssertSame("abort before the response", results["fetch"], results["bridge.fetch"], expectRejected: true);
    }

    public static TheoryData<string> Moments => ["while reading", "read after the abort"];

    /// <summary>
    /// Each body reader, and a read of the body's stream, after the response has arrived: aborted while the read waits
    /// for the rest of the body, or read once the abort has happened. The rejection and its moment against a microtask
    /// queued right after the abort (while reading) or right after the read (after the abort) are fetch's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Moments))]
    public async Task ABodyReaderAfterAnAbortSettlesAsFetchsDoes(string moment)
    {
        var script = PageScripts.Load("read-bodies-around-an-abort", "settle");
        var marker = Guid.NewGuid().ToString("N");
        var url = $"{servers.ServiceOrigin}/api/slow?ms=30000&marker={marker}";
        await using var servicePage = await BrowserPage.OpenAsync(browser, servers.ServicePage);
        await using var sitePage = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);

        var native = await servicePage.Page.EvaluateAsync<JsonElement>(script, new { url, useBridge = false, whileReading = moment == "while reading" });
        var bridged = await sitePage.Page.EvaluateAsync<JsonElement>(script, new { url, useBridge = true, whileReading = moment == "while reading" });

        var differences = new List<string>();
        // Playwright marks objects with "$id" for references.
        foreach (var reader in native.EnumerateObject().Where(member => !member.Name.StartsWith('$')))
        {
            if (!reader.Value.GetProperty("rejected").GetBoolean())
            {
                differences.Add($"{reader.Name}: the case is wrong: fetch's reader did not reject");
            }
            var other = bridged.GetProperty(reader.Name);
            if (Comparable(reader.Value) != Comparable(other))
            {
                differences.Add($"{reader.Name}:\n  fetch        {reader.Value.GetRawText()}\n  bridge.fetch {other.GetRawText()}");
            }
        }
        Assert.True(differences.Count == 0, $"bridge.fetch's body readers settle otherwise than fetch's ({moment}):\n{string.Join("\n", differences)}");
    }

    private async Task CompareAsync(string script, string path, bool expectRejected)
    {
        await using var servicePage = await BrowserPage.OpenAsync(browser, servers.ServicePage);
        await using var sitePage = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var url = servers.ServiceOrigin + path;
        var native = await servicePage.Page.EvaluateAsync<JsonElement>(script, new { url, useBridge = false });
        var bridged = await sitePage.Page.EvaluateAsync<JsonElement>(script, new { url, useBridge = true });
        AssertSame(path, native, bridged, expectRejected);
    }

    private static void AssertSame(string what, JsonElement native, JsonElement bridged, bool expectRejected)
    {
        Assert.True(native.GetProperty("rejected").GetBoolean() == expectRejected, $"the case is wrong: fetch gave {native.GetRawText()}");
        Assert.True(
            Comparable(native) == Comparable(bridged),
            $"{what}:\n  fetch        {native.GetRawText()}\n  bridge.fetch {bridged.GetRawText()}");
    }

    private static readonly string[] ComparedMembers = ["rejected", "constructor", "name", "message", "order"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What must be alike: how it settled, the error's constructor, name and message, and the order of events.</summary>
    private static string Comparable(JsonElement outcome) =>
        string.Join(
            " | ",
            ComparedMembers.Select(
                member => outcome.TryGetProperty(member, out var value) ? value.GetRawText() : "-"));

    private static async Task<Failure> FailAsync(BrowserPage page, bool useBridge, string url, object? init)
    {
        var result = await page.Page.EvaluateAsync<JsonElement>(
            PageScripts.Apply(
                "(settle) => ({ url, init, useBridge }) => settle(useBridge ? bridge.fetch(url, init ?? undefined) : fetch(url, init ?? undefined))",
                PageScripts.Load("settle")),
            new { url, init, useBridge });
        return result.Deserialize<Failure>(Json)!;
    }

    private sealed record Failure(bool Rejected, string? Constructor, string? Name, string? Message, string? Code, string? Description, bool HasCause);
}

[Collection(ChromiumEngine.Name)]
public sealed class FailsLikeFetchInChromium(ChromiumFixture browser, BridgeServers servers) : FailsLikeFetch(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class FailsLikeFetchInFirefox(FirefoxFixture browser, BridgeServers servers) : FailsLikeFetch(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class FailsLikeFetchInWebKit(WebKitFixture browser, BridgeServers servers) : FailsLikeFetch(browser, servers);
