using System.Text.Json;
using Bridge.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace Bridge.E2ETests;

/// <summary>
/// The browser's HTTP cache is keyed by URL (and top-level site), not by credentials or by the relayed origin. A site
/// without credentials, on the service's own site (so sharing its cache partition), must never read an answer that
/// was made with the user's cookies for the service's own pages, nor leave its cookieless answers where those pages
/// would read them, whatever cache mode it asks for; and the cache's contents must not be observable through the
/// relay. The restricted site (AllowCredentials false) plays the site; a page on the service's origin, in the same
/// browser context, has the user's session cookie.
/// </summary>
public abstract class HttpCacheIsolation(BrowserFixture browser, BridgeServers servers)
{
    private static readonly string[] CacheModes = ["default", "force-cache", "no-cache", "reload", "no-store"];

    [Theory]
    [InlineData("heuristic")]
    [InlineData("max-age")]
    public async Task ASiteNeverReadsAnAnswerMadeWithTheServicesCookies(string kind)
    {
        await using var site = await OpenSiteAsync();
        var service = await ServicePageAsync(site);
        var problems = new List<string>();

        foreach (var mode in CacheModes)
        {
            var (marker, url) = NewUrl(kind);
            var own = await ServiceFetchAsync(service, url, "default");
            Assert.Equal("secret", own.Cookie);

            var relayed = await site.BridgeFetchAsync(url, new { cache = mode });

            Assert.True(relayed.Ok, relayed.Message);
            var answer = Answer.Read(relayed.Body!);
            if (answer.Cookie is not null || answer.Id == own.Id)
            {
                problems.Add($"{mode}: the site got the service page's answer, made with its cookie ({answer.Cookie})");
            }
            if (servers.Journal.Matching(marker).Count != 2)
            {
                problems.Add($"{mode}: {servers.Journal.Matching(marker).Count} request(s) reached the service, not 2");
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("heuristic")]
    [InlineData("max-age")]
    public async Task TheServicesPagesNeverReadAnAnswerMadeForASite(string kind)
    {
        await using var site = await OpenSiteAsync();
        var service = await ServicePageAsync(site);
        var problems = new List<string>();

        foreach (var mode in CacheModes)
        {
            var (_, url) = NewUrl(kind);
            var relayed = await site.BridgeFetchAsync(url, new { cache = mode });
            Assert.True(relayed.Ok, relayed.Message);
            var forSite = Answer.Read(relayed.Body!);
            Assert.Null(forSite.Cookie);

            foreach (var ownMode in new[] { "default", "force-cache" })
            {
                var own = await ServiceFetchAsync(service, url, ownMode);
                if (own.Cookie != "secret" || own.Id == forSite.Id)
                {
                    problems.Add($"site {mode}, service page {ownMode}: the service page got the site's cookieless answer");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task OnlyIfCachedIsNeverPassedThroughSoTheCacheCannotBeProbed()
    {
        await using var site = await BrowserPage.OpenAsync(browser, servers.RestrictedSameSiteOrigin + "/blank.html");
        var service = await ServicePageAsync(site);
        var (cached, cachedUrl) = NewUrl("max-age");
        var (uncached, uncachedUrl) = NewUrl("max-age");
        await ServiceFetchAsync(service, cachedUrl, "default");
        await site.Page.EvaluateAsync(PageScripts.Load("install-harness"));
        await site.Page.EvaluateAsync("url => harness.open(url)", site.RelayUrl(servers.ServiceOrigin));
        Assert.Equal("ready", await site.Page.EvaluateAsync<string>("async () => (await harness.hello()).type"));
        var relay = site.Page.SingleRelay(site.RelayUrl(servers.ServiceOrigin));
        await relay.ProbeAsync();

        // Hand-made requests (bridge.fetch cannot ask for this mode) for a URL in the cache and one that is not; then
        // a ping, whose pong comes after the relay has handled both.
        var answers = await site.EvaluateAsync<string[]>(
            PageScripts.Load("ask-only-if-cached"),
            new[] { cachedUrl, uncachedUrl });

        Assert.Empty(answers);
        // Both were refused as invalid messages: nothing was fetched, so no answer, now or later, tells them apart.
        Assert.Equal(new RelayStats(2, 0, 0), await relay.StatsAsync());
        Assert.Single(servers.Journal.Matching(cached));
        Assert.Empty(servers.Journal.Matching(uncached));
    }

    /// <summary>A page of the site without credentials, on the service's own site, with its relay open.</summary>
    private async Task<BrowserPage> OpenSiteAsync()
    {
        var site = await BrowserPage.OpenWithBridgeAsync(browser, servers.RestrictedSameSiteOrigin, servers.ServiceOrigin);
        await site.PreconnectAsync(servers.ServiceOrigin);
        return site;
    }

    /// <summary>A URL no test has asked for, cacheable as <paramref name="kind"/> says.</summary>
    private (string Marker, string Url) NewUrl(string kind)
    {
        var marker = Guid.NewGuid().ToString("N");
        return (marker, $"{servers.ServiceOrigin}{PolicyTestEndpoints.CachePath}/{kind}/{marker}");
    }

    /// <summary>A page on the service's origin in the site page's browser context (so the same HTTP cache), with the user's session cookie.</summary>
    private async Task<IPage> ServicePageAsync(BrowserPage site)
    {
        var page = await site.Page.Context.NewPageAsync();
        await page.GotoAsync(servers.ServicePage);
        await page.EvaluateAsync("() => { document.cookie = 'session=secret; path=/'; }");
        return page;
    }

    private static async Task<Answer> ServiceFetchAsync(IPage service, string url, string cache)
    {
        var text = await service.EvaluateAsync<string>("async ([url, cache]) => (await fetch(url, { cache })).text()", new[] { url, cache });
        return Answer.Read(text);
    }

    private sealed record Answer(string? Cookie, string Id)
    {
        public static Answer Read(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new Answer(root.GetProperty("cookie").GetString(), root.GetProperty("answer").GetString()!);
        }
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class HttpCacheIsolationInChromium(ChromiumFixture browser, BridgeServers servers) : HttpCacheIsolation(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class HttpCacheIsolationInFirefox(FirefoxFixture browser, BridgeServers servers) : HttpCacheIsolation(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class HttpCacheIsolationInWebKit(WebKitFixture browser, BridgeServers servers) : HttpCacheIsolation(browser, servers);
