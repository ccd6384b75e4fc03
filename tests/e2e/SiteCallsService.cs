using System.Text;
using System.Text.Json;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>A page on an allowed site calls the service through bridge.fetch, where its own fetch is blocked.</summary>
public abstract class SiteCallsService(BrowserFixture browser, BridgeServers servers)
{
    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task PlainFetchIsBlockedByTheSameOriginPolicy(SiteKind site)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin);

        var outcome = await page.PlainFetchAsync(servers.ServiceOrigin + "/api/hello");

        Assert.False(outcome.Ok, "the browser let a cross-origin page read a response without CORS headers");
        Assert.True(outcome.IsTypeError);
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task BridgedGetReturnsTheServiceResponse(SiteKind site)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(200, outcome.Status);
        Assert.Equal("OK", outcome.StatusText);
        Assert.StartsWith("application/json", outcome.Headers!["content-type"], StringComparison.Ordinal);
        Assert.Equal("""{"message":"Hello from the Bridge demo service"}""", outcome.Body);
        Assert.Equal(servers.ServiceOrigin + "/api/hello", outcome.Url);
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task BridgedPostCarriesHeadersAndJsonBody(SiteKind site)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.BridgeFetchAsync(
            $"{servers.ServiceOrigin}/api/echo?marker={marker}",
            new
            {
                method = "POST",
                headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["X-Bridge-Test"] = "42" },
                body = """{"greeting":"héllo ✓"}""",
            });

        Assert.True(outcome.Ok, outcome.Message);
        var echo = Echo.Read(outcome);
        Assert.Equal("POST", echo.Method);
        Assert.Equal($"?marker={marker}", echo.Query);
        Assert.Equal("""{"greeting":"héllo ✓"}""", echo.BodyText);
        Assert.Equal(["application/json"], echo.Headers["content-type"]);
        Assert.Equal(["42"], echo.Headers["x-bridge-test"]);
        Assert.Single(servers.Journal.Matching(marker));
    }

    [Theory]
    [InlineData(SiteKind.SameSite, "PUT")]
    [InlineData(SiteKind.CrossSite, "PUT")]
    [InlineData(SiteKind.SameSite, "DELETE")]
    [InlineData(SiteKind.CrossSite, "DELETE")]
    public async Task BridgedPutAndDeleteReachTheServiceWithTheirMethod(SiteKind site, string method)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/echo", new { method, body = "text body" });

        Assert.True(outcome.Ok, outcome.Message);
        var echo = Echo.Read(outcome);
        Assert.Equal(method, echo.Method);
        Assert.Equal("text body", echo.BodyText);
        Assert.Equal(["text/plain;charset=UTF-8"], echo.Headers["content-type"]);
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task AnErrorStatusResolvesLikeFetchWithStatusAndText(SiteKind site)
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/status/404");

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(404, outcome.Status);
        Assert.Equal("Not Found", outcome.StatusText);
        Assert.Equal("status 404", outcome.Body);
    }

    [Fact]
    public async Task CallsMadeBeforeTheHandshakeShareOneRelayAndAllSucceed()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);

        var result = await page.EvaluateAsync<ConcurrentCalls>(
            """
            async (service) => {
              const calls = Array.from({ length: 8 }, (_, i) =>
                bridge.fetch(`${service}/api/echo?call=${i}`).then((response) => response.json()));
              const echoes = await Promise.all(calls);
              return { queries: echoes.map((echo) => echo.query), frames: document.querySelectorAll("iframe").length };
            }
            """,
            servers.ServiceOrigin);

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"?call={i}"), result.Queries);
        Assert.Equal(1, result.Frames);
    }

    public sealed record ConcurrentCalls(string[] Queries, int Frames);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Echo(string Method, string Query, Dictionary<string, string[]> Headers, string Body)
    {
        public string BodyText => Encoding.UTF8.GetString(Convert.FromBase64String(Body));

        public static Echo Read(FetchOutcome outcome) =>
            JsonSerializer.Deserialize<Echo>(outcome.Body!, Json)!;
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class SiteCallsServiceInChromium(ChromiumFixture browser, BridgeServers servers) : SiteCallsService(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class SiteCallsServiceInFirefox(FirefoxFixture browser, BridgeServers servers) : SiteCallsService(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class SiteCallsServiceInWebKit(WebKitFixture browser, BridgeServers servers) : SiteCallsService(browser, servers);
