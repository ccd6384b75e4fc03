using System.Text.Json;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// The host's second line of defence: a relayed request that skips the relay script (a page on the service's own
/// origin sending <c>Bridge-Relay-Origin</c> itself, as a tampered or stale relay would) still gets the site's
/// policy, with a 403 problem, a log entry, and nothing reaching the app.
/// </summary>
public abstract class PolicyOnTheHost(BrowserFixture browser, BridgeServers servers)
{
    private const string Marker = "{marker}";

    /// <summary>Who the header claims to be, by name.</summary>
    private string ClaimedOrigin(string claim) => claim switch
    {
        "restricted" => servers.RestrictedCrossSiteOrigin,
        "open" => servers.CrossSiteOrigin,
        "hostile" => servers.HostileCrossSiteOrigin,
        "hostile same-site" => servers.HostileSameSiteOrigin,
        "restricted with a trailing slash" => servers.RestrictedCrossSiteOrigin + "/",
        "restricted in upper case" => servers.RestrictedSameSiteOrigin.ToUpperInvariant(),
        "restricted and open at once" => $"{servers.RestrictedCrossSiteOrigin}, {servers.CrossSiteOrigin}",
        "null" => "null",
        "*" => "*",
        _ => throw new ArgumentOutOfRangeException(nameof(claim), claim, null),
    };

    /// <summary>Who the header claims to be, the request, and the reason the host must give.</summary>
    private static readonly (string Claim, string Method, string Path, string? Header, int BodyBytes, string Reason)[] Refusals =
    [
        ("restricted", "GET", "/api/not-listed/{marker}", null, 0, "path-not-allowed"),
        ("restricted", "GET", "/api/items/{marker}%2fx", null, 0, "path-not-allowed"),
        ("restricted", "GET", "/api/items/{marker}%5cx", null, 0, "path-not-allowed"),
        ("restricted", "GET", "/API/items/{marker}", null, 0, "path-not-allowed"),
        ("open", "GET", PolicyTestEndpoints.OutsidePath + "/{marker}", null, 0, "path-not-allowed"),
        ("restricted", "PUT", "/api/items/{marker}", null, 0, "method-not-allowed"),
        ("restricted", "DELETE", "/api/items/{marker}", null, 0, "method-not-allowed"),
        ("restricted", "GET", "/api/items/{marker}", "X-Not-Allowed", 0, "header-not-allowed"),
        ("restricted", "GET", "/api/items/{marker}", "X-Forwarded-For", 0, "header-not-allowed"),
        ("restricted", "POST", "/api/items/{marker}", null, BridgeServers.RestrictedMaxRequestBodyBytes + 1, "too-large"),
        ("hostile", "GET", "/api/items/{marker}", null, 0, "origin-not-allowed"),
        ("hostile same-site", "GET", "/api/items/{marker}", null, 0, "origin-not-allowed"),
        ("restricted with a trailing slash", "GET", "/api/items/{marker}", null, 0, "origin-not-allowed"),
        ("restricted in upper case", "GET", "/api/items/{marker}", null, 0, "origin-not-allowed"),
        ("restricted and open at once", "GET", "/api/items/{marker}", null, 0, "origin-not-allowed"),
        ("null", "GET", "/api/items/{marker}", null, 0, "origin-not-allowed"),
        ("*", "GET", "/api/items/{marker}", null, 0, "origin-not-allowed"),
    ];

    /// <summary>Every case in turn from one page; each is checked on its own and all failures are reported together.</summary>
    [Fact]
    public async Task ARelayedRequestOutsideThePolicyIsRefusedWithAProblemAndALogEntry()
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.ServicePage);
        var problems = new List<string>();

        foreach (var (claim, method, path, header, bodyBytes, reason) in Refusals)
        {
            var origin = ClaimedOrigin(claim);
            var marker = Guid.NewGuid().ToString("N");
            var headers = new Dictionary<string, string> { ["Bridge-Relay-Origin"] = origin };
            if (header is not null)
            {
                headers[header] = "1";
            }

            var outcome = await page.PlainFetchAsync(
                $"{servers.ServiceOrigin}{path.Replace(Marker, marker, StringComparison.Ordinal)}?token=secret{marker}",
                new { method, headers, body = bodyBytes > 0 ? new string('a', bodyBytes) : null });

            try
            {
                AssertRefused(outcome, reason);
                Assert.Empty(servers.Journal.Matching(marker));
                var logged = Assert.Single(servers.LogEntries("Bridge.Relay"), entry => entry.Contains(marker, StringComparison.Ordinal));
                Assert.Contains($"({reason}) from {origin}: {method} ", logged, StringComparison.Ordinal);
                Assert.DoesNotContain("secret", logged, StringComparison.Ordinal);
            }
            catch (Exception failure) when (failure is Xunit.Sdk.IAssertionException)
            {
                problems.Add($"{claim} {method} {path} {header}: {failure.Message}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task ARelayedRequestWithTheServicesCookiesIsRefusedWhereTheSiteDoesNotAllowCredentials()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenAsync(browser, servers.ServicePage);
        await page.Page.EvaluateAsync("() => { document.cookie = 'session=secret; path=/'; }");

        var outcome = await page.PlainFetchAsync(
            $"{servers.ServiceOrigin}/api/items/{marker}",
            new { headers = new Dictionary<string, string> { ["Bridge-Relay-Origin"] = servers.RestrictedSameSiteOrigin } });

        AssertRefused(outcome, "credentials-not-allowed");
        Assert.Empty(servers.Journal.Matching(marker));
        var logged = Assert.Single(servers.LogEntries("Bridge.Relay"), entry => entry.Contains(marker, StringComparison.Ordinal));
        Assert.Contains($"(credentials-not-allowed) from {servers.RestrictedSameSiteOrigin}: GET ", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARelayedRequestInsideThePolicyReachesTheApp()
    {
        // The control for the refusals above: the same page, header and journal, within the restricted policy.
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenAsync(browser, servers.ServicePage);

        var outcome = await page.PlainFetchAsync(
            $"{servers.ServiceOrigin}/api/items/{marker}",
            new { headers = new Dictionary<string, string> { ["Bridge-Relay-Origin"] = servers.RestrictedCrossSiteOrigin, ["X-Allowed"] = "1" } });

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(404, outcome.Status);
        Assert.Single(servers.Journal.Matching(marker));
        Assert.DoesNotContain(servers.LogEntries("Bridge.Relay"), entry => entry.Contains(marker, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SiteKind.SameSite, true)]
    [InlineData(SiteKind.CrossSite, true)]
    [InlineData(SiteKind.SameSite, false)]
    [InlineData(SiteKind.CrossSite, false)]
    public async Task APageOnAnotherOriginSendingTheRelayHeaderItselfIsRefusedAtThePreflightEvenWhereCorsWouldGrantIt(SiteKind site, bool allowed)
    {
        // The endpoint's own preflight answer grants any origin and any header, and the open site's policy allows its
        // path, method and headers: the host refuses the preflight for Bridge-Relay-Origin before the endpoint can
        // grant it, so the browser never sends the request.
        var origin = allowed ? servers.AllowedOrigin(site) : servers.HostileOrigin(site);
        var control = Guid.NewGuid().ToString("N");
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenAsync(browser, origin + "/blank.html");

        var plain = await page.PlainFetchAsync($"{servers.ServiceOrigin}{PolicyTestEndpoints.CorsPath}/{control}");
        var claimed = await page.PlainFetchAsync(
            $"{servers.ServiceOrigin}{PolicyTestEndpoints.CorsPath}/{marker}",
            new { headers = new Dictionary<string, string> { ["Bridge-Relay-Origin"] = servers.CrossSiteOrigin } });

        Assert.True(plain.Ok, plain.Message);
        Assert.Equal($"cors {control}", plain.Body);
        Assert.False(claimed.Ok, $"a page on {origin} read the answer to a request it sent as relayed from {servers.CrossSiteOrigin}: {claimed.Status} {claimed.Body}");
        Assert.True(claimed.IsTypeError, $"expected the browser's CORS failure, got {claimed.Name}: {claimed.Message}");
        Assert.Empty(servers.Journal.Matching(marker));
        var logged = Assert.Single(servers.LogEntries("Bridge.Relay"), entry => entry.Contains(marker, StringComparison.Ordinal));
        Assert.Contains($"(header-not-allowed) from {origin}: OPTIONS ", logged, StringComparison.Ordinal);
    }

    private static void AssertRefused(FetchOutcome outcome, string reason)
    {
        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(403, outcome.Status);
        Assert.StartsWith("application/problem+json", outcome.Headers!["content-type"], StringComparison.Ordinal);
        Assert.Equal("no-store", outcome.Headers["cache-control"]);
        using var problem = JsonDocument.Parse(outcome.Body!);
        Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class PolicyOnTheHostInChromium(ChromiumFixture browser, BridgeServers servers) : PolicyOnTheHost(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class PolicyOnTheHostInFirefox(FirefoxFixture browser, BridgeServers servers) : PolicyOnTheHost(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class PolicyOnTheHostInWebKit(WebKitFixture browser, BridgeServers servers) : PolicyOnTheHost(browser, servers);
