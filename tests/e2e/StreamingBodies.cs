using System.Security.Cryptography;
using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// A response body streams to the caller as the service writes it, whether the relay transfers the stream or sends
/// chunk messages paced by the caller's reads (<c>transferStreams: false</c>).
/// </summary>
public abstract class StreamingBodies(BrowserFixture browser, BridgeServers servers)
{
    private const int SixteenMiB = 16 * 1024 * 1024;

    /// <summary>
    /// /api/slow?ms=60000 writes "first\n", then holds the response for a minute. Reading "first\n" within the bound
    /// (a third of that) is only possible if the body streams. The cancel then reaches the service. With
    /// <c>declared=true</c> the headers declare the small length, which the relay would send inline had it ended.
    /// </summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task TheFirstChunkIsReadableWhileTheServiceIsStillWriting(bool transferStreams, bool declared)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { transferStreams });
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            PageScripts.Load("read-first-line"),
            $"{servers.ServiceOrigin}/api/slow?ms=60000&declared={(declared ? "true" : "false")}&marker={marker}",
            TimeSpan.FromSeconds(20));

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.Equal("first\n", outcome.Value.GetString());
        // bridge.js promises more than Firefox's own fetch here: cancelling the body cancels the relay's request.
        await servers.Journal.WaitForCancellationAsync(marker, TimeSpan.FromSeconds(10));
        await AssertBodyTravelledAsync(page, transferStreams);
    }

    [Fact]
    public async Task A16MiBDownloadAsChunkMessagesArrivesWhole()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { transferStreams = false });

        var outcome = await page.RunAsync(
            """
            async (url) => {
              const response = await bridge.fetch(url);
              const bytes = await response.arrayBuffer();
              const digest = await crypto.subtle.digest('SHA-256', bytes);
              return { length: bytes.byteLength, sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('') };
            }
            """,
            $"{servers.ServiceOrigin}/api/bytes?n={SixteenMiB}",
            TimeSpan.FromSeconds(60));

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.Equal(SixteenMiB, outcome.Value.GetProperty("length").GetInt32());
        Assert.Equal(ExpectedBytesDigest(SixteenMiB), outcome.Value.GetProperty("sha256").GetString());
        await AssertBodyTravelledAsync(page, transferStreams: false);
    }

    /// <summary>
    /// Reading a 128 MiB body chunk by chunk, dropping each chunk, keeps what the page and its relay hold flat. The page
    /// stops at a checkpoint every 16 MiB and waits there while the test collects garbage and reads the V8 heap (JS
    /// objects and ArrayBuffer backing stores) through Chromium's DevTools protocol. The page is on the service's site,
    /// so the relay frame shares its renderer and heap: both sides are counted. A body buffered anywhere would grow
    /// the heap by 16 MiB a checkpoint, 112 MiB in all, far past the bound.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadingALargeBodyChunkByChunkKeepsMemoryFlat(bool transferStreams)
    {
        if (browser.Engine != "chromium")
        {
            Assert.Skip("The page's heap is read through Chromium's DevTools protocol.");
        }
        const int Checkpoints = 8;
        const int Step = 16 * 1024 * 1024;
        const double BoundMiB = Step / (1024.0 * 1024);
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.SameSiteOrigin, servers.ServiceOrigin);
        await page.ConfigureBridgeAsync(new { transferStreams });
        var cdp = await page.Page.Context.NewCDPSessionAsync(page.Page);
        await page.StartAsync(
            "read",
            PageScripts.Load("read-with-memory-checkpoints"),
            new { url = $"{servers.ServiceOrigin}/api/bytes?n={Checkpoints * Step}", step = Step });

        var heaps = new List<double>();
        for (var checkpoint = 0; checkpoint <= Checkpoints; checkpoint++)
        {
            await page.Page.WaitForFunctionAsync("n => window.memoryCheckpoint === n", checkpoint);
            // Twice: V8 frees dead ArrayBuffers' backing stores after a collection, and the next one waits for that.
            await cdp.SendAsync("HeapProfiler.collectGarbage");
            await cdp.SendAsync("HeapProfiler.collectGarbage");
            var usage = await cdp.SendAsync("Runtime.getHeapUsage") ?? throw new InvalidOperationException("Runtime.getHeapUsage returned nothing.");
            heaps.Add((usage.GetProperty("usedSize").GetDouble() + usage.GetProperty("backingStorageSize").GetDouble()) / (1024 * 1024));
            await page.Page.EvaluateAsync("() => window.memoryResume()");
        }
        var outcome = await page.SettledAsync("read", TimeSpan.FromSeconds(60));

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.Equal(Checkpoints * Step, outcome.Value.GetInt32());
        var growth = heaps.Max() - heaps[0];
        Assert.True(
            growth < BoundMiB,
            $"the heap grew by {growth:F1} MiB while reading (MiB at each checkpoint: {string.Join(", ", heaps.Select(heap => heap.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))})");
    }

    /// <summary>
    /// How the relay sent the body, as its counters (<c>bridgeRelayStats</c>) tell: chunk messages or a transferred
    /// stream.
    /// </summary>
    private async Task AssertBodyTravelledAsync(BrowserPage page, bool transferStreams)
    {
        var bodies = await page.Page.BodiesOfRelaysAsync(page.RelayUrl(servers.ServiceOrigin));
        Assert.Equal(transferStreams ? (0, 1) : (1, 0), (bodies.ChunkedBodies, bodies.TransferredBodies));
    }

    /// <summary>/api/bytes?n=N: byte i is i % 251.</summary>
    private static string ExpectedBytesDigest(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class StreamingBodiesInChromium(ChromiumFixture browser, BridgeServers servers) : StreamingBodies(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class StreamingBodiesInFirefox(FirefoxFixture browser, BridgeServers servers) : StreamingBodies(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class StreamingBodiesInWebKit(WebKitFixture browser, BridgeServers servers) : StreamingBodies(browser, servers);
