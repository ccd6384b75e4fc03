using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// Retry logic written for fetch works unchanged with bridge.fetch: ky (which, like p-retry, retries only the errors it
/// recognises as the engine's network errors) retries a service that drops the connection and then answers, exactly
/// as it does with the browser's own fetch; and it does not retry a refusal by the service's policy.
/// </summary>
public abstract class RetryLibraries(BrowserFixture browser, BridgeServers servers)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>The control: the browser's own fetch on the service's page meets two network failures, and ky retries them.</summary>
    [Fact]
    public async Task KyRetriesTheNetworkFailuresOfFetch()
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.ServicePage);
        await AssertRetriedTwiceAsync(page, "fetch");
    }

    [Fact]
    public async Task KyRetriesTheNetworkFailuresOfBridgeFetch()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        await AssertRetriedTwiceAsync(page, "bridge.fetch");
    }

    [Fact]
    public async Task KyDoesNotRetryARefusalByThePolicy()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.RestrictedCrossSiteOrigin, servers.ServiceOrigin);
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            PageScripts.Load("ky-call"),
            new { ky = Ky, url = $"{servers.ServiceOrigin}{PolicyTestEndpoints.OutsidePath}/{marker}", fetchName = "bridge.fetch" },
            Bound);

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.False(outcome.Value.GetProperty("resolved").GetBoolean());
        Assert.Equal(1, outcome.Value.GetProperty("attempts").GetInt32());
        Assert.Equal("TypeError", outcome.Value.GetProperty("name").GetString());
        Assert.Equal("path-not-allowed", outcome.Value.GetProperty("code").GetString());
        Assert.Empty(servers.Journal.Matching(marker));
    }

    private string Ky => $"{servers.ServiceOrigin}{FailureTestEndpoints.KyPath}/index.js";

    private async Task AssertRetriedTwiceAsync(BrowserPage page, string fetchName)
    {
        var marker = Guid.NewGuid().ToString("N");

        var outcome = await page.RunAsync(
            PageScripts.Load("ky-call"),
            new { ky = Ky, url = $"{servers.ServiceOrigin}{FailureTestEndpoints.FlakyPath}/{marker}", fetchName },
            Bound);

        Assert.True(outcome.Resolved, outcome.Message);
        Assert.True(outcome.Value.GetProperty("resolved").GetBoolean(), $"ky gave up: {outcome.Value.GetRawText()}");
        Assert.Equal($"answered {marker} at attempt 3", outcome.Value.GetProperty("text").GetString());
        Assert.Equal(3, outcome.Value.GetProperty("attempts").GetInt32());
        // Each attempt reached the service (a browser may resend an attempt whose reused connection was reset: the same attempt).
        var attempts = servers.Journal.Matching(marker).Select(target => target[(target.IndexOf("attempt=", StringComparison.Ordinal) + "attempt=".Length)..]).Distinct();
        Assert.Equal(["1", "2", "3"], attempts.Order());
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class RetryLibrariesInChromium(ChromiumFixture browser, BridgeServers servers) : RetryLibraries(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class RetryLibrariesInFirefox(FirefoxFixture browser, BridgeServers servers) : RetryLibraries(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class RetryLibrariesInWebKit(WebKitFixture browser, BridgeServers servers) : RetryLibraries(browser, servers);
