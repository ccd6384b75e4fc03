using System.Text.Json;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A page on a site allowed GET and POST with any request header, calling a service that honours method overrides
/// (<c>UseHttpMethodOverride</c>, by header and by the form field <c>_method</c>): a POST that asks to be a DELETE is
/// refused, by the relay before sending and by the host when the relay is skipped or cannot see the method, and the
/// service's DELETE never runs. An override to an allowed method still works.
/// </summary>
public abstract class MethodOverride(BrowserFixture browser, BridgeServers servers)
{
    [Fact]
    public async Task APostWithAnOverrideHeaderNamingDeleteIsRefusedByTheRelayAndNothingIsSent()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.MethodsSiteOrigin, servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.MethodOverridePath}/{marker}",
            new { method = "POST", headers = new Dictionary<string, string> { ["X-HTTP-Method-Override"] = "DELETE" } });

        Assert.False(outcome.Ok, $"the relay sent a POST overridden to DELETE: {outcome.Status} {outcome.Body}");
        Assert.Equal("TypeError", outcome.Name);
        Assert.True(outcome.IsBridgeError, outcome.Message);
        Assert.Equal("method-not-allowed", outcome.Code);
        Assert.Contains("x-http-method-override", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("DELETE", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent to the service", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(servers.Journal.Matching(marker));
        Assert.Empty(servers.Handled.Matching(marker));
        Assert.Equal(new RelayStats(0, 1, 0), await page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin)).StatsAsync());
    }

    [Fact]
    public async Task ARelayedPostWithAnOverrideHeaderNamingDeleteIsRefusedByTheHostWhereTheRelayIsSkipped()
    {
        // As a tampered or stale relay would send it: from the service's own origin, the origin header set by hand.
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenAsync(browser, servers.ServicePage);

        var outcome = await page.PlainFetchAsync(
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.MethodOverridePath}/{marker}",
            new
            {
                method = "POST",
                headers = new Dictionary<string, string>
                {
                    ["Bridge-Relay-Origin"] = servers.MethodsSiteOrigin,
                    ["X-HTTP-Method-Override"] = "DELETE",
                },
            });

        var detail = AssertRefused(outcome, "method-not-allowed");
        Assert.Contains("x-http-method-override", detail, StringComparison.Ordinal);
        Assert.Contains("Bridge:Relay:Sites:2:Methods", detail, StringComparison.Ordinal);
        Assert.Empty(servers.Journal.Matching(marker));
        Assert.Empty(servers.Handled.Matching(marker));
        var logged = Assert.Single(servers.LogEntries("Bridge.Relay"), entry => entry.Contains(marker, StringComparison.Ordinal));
        Assert.Contains($"(method-not-allowed) from {servers.MethodsSiteOrigin}: POST ", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APostWithAFormFieldNamingDeleteIsRefusedByTheHostAndTheDeleteNeverRuns()
    {
        // The relay cannot see a method inside the body: the host refuses the change when the service makes it.
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.MethodsSiteOrigin, servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.MethodOverrideFormPath}/{marker}",
            new
            {
                method = "POST",
                headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
                body = "_method=DELETE",
            });

        var detail = AssertRefused(outcome, "method-not-allowed");
        Assert.Contains("DELETE", detail, StringComparison.Ordinal);
        Assert.Contains("Bridge:Relay:Sites:2:Methods", detail, StringComparison.Ordinal);
        Assert.Empty(servers.Handled.Matching(marker));
        // It reached the service's pipeline as the POST the policy allows; the override was refused inside it.
        Assert.Equal([$"POST {PolicyTestEndpoints.MethodOverrideFormPath}/{marker}"], servers.Journal.Matching(marker));
        var logged = Assert.Single(servers.LogEntries("Bridge.Relay"), entry => entry.Contains(marker, StringComparison.Ordinal));
        Assert.Contains($"(method-not-allowed) from {servers.MethodsSiteOrigin}: POST ", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverrideToAnAllowedMethodStillRuns()
    {
        // The control: the same page and service really override, so the refusals above are the policy's doing.
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.MethodsSiteOrigin, servers.ServiceOrigin);

        var byHeader = await page.BridgeFetchAsync(
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.MethodOverridePath}/{marker}",
            new { method = "POST", headers = new Dictionary<string, string> { ["X-HTTP-Method-Override"] = "GET" } });
        var byForm = await page.BridgeFetchAsync(
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.MethodOverrideFormPath}/{marker}",
            new
            {
                method = "POST",
                headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
                body = "_method=GET",
            });

        Assert.True(byHeader.Ok, byHeader.Message);
        Assert.Equal($"GET {PolicyTestEndpoints.MethodOverridePath}/{marker}", byHeader.Body);
        Assert.True(byForm.Ok, byForm.Message);
        Assert.Equal($"GET {PolicyTestEndpoints.MethodOverrideFormPath}/{marker}", byForm.Body);
        Assert.Equal(2, servers.Handled.Matching(marker).Count);
    }

    private static string AssertRefused(FetchOutcome outcome, string reason)
    {
        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(403, outcome.Status);
        Assert.StartsWith("application/problem+json", outcome.Headers!["content-type"], StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(outcome.Body!);
        Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class MethodOverrideInChromium(ChromiumFixture browser, BridgeServers servers) : MethodOverride(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class MethodOverrideInFirefox(FirefoxFixture browser, BridgeServers servers) : MethodOverride(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class MethodOverrideInWebKit(WebKitFixture browser, BridgeServers servers) : MethodOverride(browser, servers);
