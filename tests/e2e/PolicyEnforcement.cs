using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A page on a site with a restricted policy asks bridge.fetch for what its policy does not allow: the relay refuses
/// with the rule's code before any request, and the service sees nothing.
/// </summary>
public abstract class PolicyEnforcement(BrowserFixture browser, BridgeServers servers)
{
    private const string Marker = "{marker}";

    /// <summary>Attacks by name: the URL after the service origin ({marker} is replaced), the init, and the code.</summary>
    private static readonly Dictionary<string, (string Path, Func<object?> Init, string Code)> Attacks = new()
    {
        ["dot-dot segments"] = ("/api/open/../../admin?marker={marker}", () => null, "path-not-allowed"),
        ["encoded dot-dot segments"] = ("/api/open/%2e%2e/%2e%2e/x?marker={marker}", () => null, "path-not-allowed"),
        ["mixed-case encoded dot-dot"] = ("/api/open/.%2E/%2E./x?marker={marker}", () => null, "path-not-allowed"),
        ["encoded slash in a * segment"] = ("/api/items/a%2fb?marker={marker}", () => null, "path-not-allowed"),
        ["encoded backslash in a * segment"] = ("/api/items/a%5cb?marker={marker}", () => null, "path-not-allowed"),
        ["encoded dot-dot after a ** prefix"] = ("/api/open/%2e%2e?marker={marker}", () => null, "path-not-allowed"),
        ["//host as the path"] = ("//evil.example/x?marker={marker}", () => null, "path-not-allowed"),
        ["other case"] = ("/API/hello?marker={marker}", () => null, "path-not-allowed"),
        ["two segments for *"] = ("/api/items/a/b?marker={marker}", () => null, "path-not-allowed"),
        ["empty segment for *"] = ("/api/items/?marker={marker}", () => null, "path-not-allowed"),
        ["trailing slash"] = ("/api/hello/?marker={marker}", () => null, "path-not-allowed"),
        ["invalid UTF-8"] = ("/api/open/%ff?marker={marker}", () => null, "path-not-allowed"),
        ["real endpoint outside the paths"] = ("/api/bytes?n=1&marker={marker}", () => null, "path-not-allowed"),
        ["PUT"] = ("/api/echo?marker={marker}", () => new { method = "PUT", body = "x" }, "method-not-allowed"),
        ["DELETE"] = ("/api/items/{marker}", () => new { method = "DELETE" }, "method-not-allowed"),
        ["HEAD"] = ("/api/hello?marker={marker}", () => new { method = "HEAD" }, "method-not-allowed"),
        ["lower-case custom method"] = ("/api/echo?marker={marker}", () => new { method = "patch", body = "x" }, "method-not-allowed"),
        ["unlisted header"] = ("/api/hello?marker={marker}", () => Headers("X-Not-Allowed", "1"), "header-not-allowed"),
        ["the relay's origin header"] = ("/api/hello?marker={marker}", () => Headers("Bridge-Relay-Origin", "http://localhost:1"), "header-not-allowed"),
        ["method override header"] = ("/api/echo?marker={marker}", () => new { method = "POST", headers = new Dictionary<string, string> { ["X-HTTP-Method-Override"] = "DELETE" } }, "header-not-allowed"),
        ["safelisted but unlisted header"] = ("/api/hello?marker={marker}", () => Headers("Accept-Language", "fr"), "header-not-allowed"),
        ["credentials include"] = ("/api/hello?marker={marker}", () => new { credentials = "include" }, "credentials-not-allowed"),
        ["body over the limit"] = ("/api/echo?marker={marker}", () => new { method = "POST", body = new string('a', BridgeServers.RestrictedMaxRequestBodyBytes + 1) }, "too-large"),
    };

    /// <summary>
    /// Every attack in turn from one page (one relay), so the table stays cheap to run; each is checked on its own
    /// and all that went wrong is reported together, by name.
    /// </summary>
    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task TheRelayRefusesEachAttackWithTheRulesCodeAndSendsNothing(SiteKind site)
    {
        var origin = servers.RestrictedOrigin(site);
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, origin, servers.ServiceOrigin);
        var problems = new List<string>();

        foreach (var (attack, (path, init, code)) in Attacks)
        {
            var marker = Guid.NewGuid().ToString("N");
            var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + path.Replace(Marker, marker, StringComparison.Ordinal), init());

            if (outcome.Ok)
            {
                problems.Add($"{attack}: the relay let it through (status {outcome.Status})");
            }
            else if (outcome.Name != "TypeError" || outcome.Constructor != "TypeError" || !outcome.IsBridgeError || outcome.Code != code)
            {
                problems.Add($"{attack}: expected a bridge error (a TypeError) {code}, got {outcome.Constructor} {outcome.Name} {outcome.Code}: {outcome.Message}");
            }
            else if (!outcome.Message!.Contains("Nothing was sent to the service", StringComparison.Ordinal)
                || !outcome.Message.Contains(origin, StringComparison.Ordinal))
            {
                problems.Add($"{attack}: the message does not say that nothing was sent for {origin}: {outcome.Message}");
            }
            if (servers.Journal.Matching(marker) is { Count: > 0 } received)
            {
                problems.Add($"{attack}: the service received {string.Join(", ", received)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(new RelayStats(0, Attacks.Count, 0), await page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin)).StatsAsync());
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task RequestsInsideThePolicyAreRelayed(SiteKind site)
    {
        // The control for the refusals above: the same page, marker and journal see calls the policy allows.
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.RestrictedOrigin(site), servers.ServiceOrigin);

        var hello = await page.BridgeFetchAsync($"{servers.ServiceOrigin}/api/hello?marker={marker}");
        var echo = await page.BridgeFetchAsync(
            $"{servers.ServiceOrigin}/api/echo?marker={marker}",
            new
            {
                method = "POST",
                headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain", ["X-Allowed"] = "1" },
                body = new string('a', BridgeServers.RestrictedMaxRequestBodyBytes),
            });
        var item = await page.BridgeFetchAsync($"{servers.ServiceOrigin}/api/items/{marker}");

        Assert.True(hello.Ok, hello.Message);
        Assert.Equal(200, hello.Status);
        Assert.True(echo.Ok, echo.Message);
        Assert.Equal(200, echo.Status);
        Assert.True(item.Ok, item.Message);
        Assert.Equal(404, item.Status);
        Assert.Equal(3, servers.Journal.Matching(marker).Count);
        Assert.Equal(new RelayStats(0, 0, 3), await page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin)).StatsAsync());
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task TheRelaysOriginHeaderIsRefusedEvenWhereEveryHeaderIsAllowed(SiteKind site)
    {
        // The open policy lists RequestHeaders "*"; a page still may not name the origin the relay vouches for.
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.AllowedOrigin(site), servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(
            $"{servers.ServiceOrigin}/api/echo?marker={marker}",
            Headers("Bridge-Relay-Origin", servers.RestrictedCrossSiteOrigin));

        Assert.False(outcome.Ok, $"the relay sent a request whose origin header the page chose: {outcome.Body}");
        Assert.Equal("header-not-allowed", outcome.Code);
        Assert.Contains("bridge-relay-origin", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(servers.Journal.Matching(marker));
    }

    [Theory]
    [InlineData(SiteKind.SameSite)]
    [InlineData(SiteKind.CrossSite)]
    public async Task ARedirectOutOfThePathsIsRefusedByTheRelayAndByTheHost(SiteKind site)
    {
        var origin = servers.RestrictedOrigin(site);
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, origin, servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync($"{servers.ServiceOrigin}{PolicyTestEndpoints.RedirectOutPath}/{marker}");

        Assert.False(outcome.Ok, $"the redirect to {PolicyTestEndpoints.OutsidePath} was followed: status {outcome.Status}, {outcome.Body}");
        Assert.Equal("path-not-allowed", outcome.Code);
        Assert.Contains($"{PolicyTestEndpoints.OutsidePath}/{marker}", outcome.Message, StringComparison.Ordinal);
        // The first request was inside the policy; the redirected one never reached the app: the host refused it.
        Assert.Equal([$"GET {PolicyTestEndpoints.RedirectOutPath}/{marker}"], servers.Journal.Matching(marker));
        Assert.Contains(
            servers.LogEntries("Bridge.Relay"),
            entry => entry.Contains($"(path-not-allowed) from {origin}: GET {PolicyTestEndpoints.OutsidePath}/{marker}", StringComparison.Ordinal));
        Assert.Equal(new RelayStats(0, 1, 1), await page.Page.SingleRelay(page.RelayUrl(servers.ServiceOrigin)).StatsAsync());
    }

    [Theory]
    [InlineData(PolicyTestEndpoints.BigPath)]
    [InlineData(PolicyTestEndpoints.BigStreamPath)]
    public async Task AResponseOverTheLimitIsCutOffWithTooLarge(string path)
    {
        // Response limits can only be checked on the answer, so this request does reach the service; its body does
        // not reach the page, whether its size is declared (Content-Length) or only found by counting. The body is
        // read with a reader: response.text() reports a failed body as the engine's own error, without the code.
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.RestrictedCrossSiteOrigin, servers.ServiceOrigin);

        var outcome = await page.EvaluateAsync<BodyOutcome>(
            PageScripts.Load("count-body-bytes"),
            $"{servers.ServiceOrigin}{path}?marker={marker}");

        Assert.False(outcome.Ok, $"the page read all {outcome.Bytes} bytes of a body over the {BridgeServers.RestrictedMaxResponseBodyBytes}-byte limit");
        Assert.InRange(outcome.Bytes, 0, BridgeServers.RestrictedMaxResponseBodyBytes);
        Assert.Equal("TypeError", outcome.Name);
        Assert.Equal("too-large", outcome.Code);
        Assert.Contains(BridgeServers.RestrictedMaxResponseBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Message, StringComparison.Ordinal);
        Assert.Single(servers.Journal.Matching(marker));
        // The request did reach the service (it may have changed something there): the error must not say otherwise.
        Assert.DoesNotContain("Nothing was sent to the service", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingAResponseOverTheLimitAsTextRejectsWithTooLarge()
    {
        // How pages read bodies: response.text() must report the refusal as bridge.fetch's failures are documented,
        // a bridge error (a TypeError) with its code, not as an engine's anonymous error.
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.RestrictedCrossSiteOrigin, servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + PolicyTestEndpoints.BigStreamPath);

        Assert.False(outcome.Ok, $"the page read a {outcome.Body?.Length}-character body over the limit");
        Assert.True(outcome.IsTypeError, $"{outcome.Name}: {outcome.Message}");
        Assert.Equal("TypeError", outcome.Name);
        Assert.True(outcome.IsBridgeError, outcome.Message);
        Assert.Equal("too-large", outcome.Code);
        // A refusal by the policy is no network failure: its message is the explanation, which no retry logic takes for one.
        Assert.Contains("Bridge: the relay", outcome.Message, StringComparison.Ordinal);
    }

    public sealed record BodyOutcome(bool Ok, int Bytes, string? Name, string? Code, string? Message);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OnlyTheExposedResponseHeadersReachThePage(bool restricted)
    {
        // The restricted site exposes the CORS-safelisted headers only; the open one exposes "*", which still never
        // includes Set-Cookie (fetch itself hides it from every page).
        var origin = restricted ? servers.RestrictedCrossSiteOrigin : servers.CrossSiteOrigin;
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, origin, servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + PolicyTestEndpoints.HeadersPath);

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal("headers", outcome.Body);
        Assert.Equal("no-cache", outcome.Headers!["cache-control"]);
        Assert.StartsWith("text/plain", outcome.Headers["content-type"], StringComparison.Ordinal);
        Assert.DoesNotContain("set-cookie", outcome.Headers.Keys);
        if (restricted)
        {
            // (Playwright marks each object it returns with "$id".)
            Assert.Empty(outcome.Headers.Keys.Except(["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma", "$id"]));
        }
        else
        {
            Assert.Equal("internal", outcome.Headers["x-secret"]);
            Assert.Equal("\"v1\"", outcome.Headers["etag"]);
        }
    }

    [Fact]
    public async Task TheServicesCookiesGoOnlyWhereAskedForAndAllowed()
    {
        // The browser holds a session cookie for the service. A restricted site's call sends it neither by default
        // (the relay's fetch omits credentials) nor when asked (its policy refuses them); the open site's call
        // sends it when asked, which shows the cookie would be there to send.
        var marker = Guid.NewGuid().ToString("N");
        await using var restricted = await BrowserPage.OpenWithBridgeAsync(browser, servers.RestrictedSameSiteOrigin, servers.ServiceOrigin);
        await using var open = await BrowserPage.OpenWithBridgeAsync(browser, servers.SameSiteOrigin, servers.ServiceOrigin);
        foreach (var page in new[] { restricted, open })
        {
            await page.Page.Context.AddCookiesAsync([new() { Name = "session", Value = "secret", Url = servers.ServiceOrigin }]);
        }

        var byDefault = await restricted.BridgeFetchAsync($"{servers.ServiceOrigin}/api/echo?marker={marker}-default");
        var included = await restricted.BridgeFetchAsync($"{servers.ServiceOrigin}/api/echo?marker={marker}-include", new { credentials = "include" });
        var control = await open.BridgeFetchAsync($"{servers.ServiceOrigin}/api/echo?marker={marker}-control", new { credentials = "include" });

        Assert.True(byDefault.Ok, byDefault.Message);
        Assert.Equal(200, byDefault.Status);
        Assert.Equal("[]", JsonCookies(byDefault));
        Assert.False(included.Ok);
        Assert.Equal("credentials-not-allowed", included.Code);
        Assert.True(control.Ok, control.Message);
        Assert.Equal("""["session"]""", JsonCookies(control));
        Assert.Equal(
            [$"GET /api/echo?marker={marker}-default", $"GET /api/echo?marker={marker}-control"],
            servers.Journal.Matching(marker));
    }

    private static string JsonCookies(FetchOutcome outcome)
    {
        using var echo = System.Text.Json.JsonDocument.Parse(outcome.Body!);
        return echo.RootElement.GetProperty("cookies").GetRawText();
    }

    [Fact]
    public async Task AnAbsoluteUrlOnAnotherOriginNeverReachesTheService()
    {
        // bridge.fetch sends a URL to the relay of that URL's own origin; a hostile origin has none, so nothing answers.
        var marker = Guid.NewGuid().ToString("N");
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.RestrictedCrossSiteOrigin, servers.ServiceOrigin);

        await page.ConfigureBridgeAsync(new { answerTimeout = 1000 });
        var outcome = await page.BridgeFetchAsync($"{servers.HostileCrossSiteOrigin}/api/items/{marker}");

        Assert.False(outcome.Ok);
        Assert.Equal("relay-unanswered", outcome.Code);
        Assert.Contains($"{servers.HostileCrossSiteOrigin}/bridge/relay.html", outcome.Description, StringComparison.Ordinal);
        Assert.Empty(servers.Journal.Matching(marker));
    }

    private static object Headers(string name, string value) => new { headers = new Dictionary<string, string> { [name] = value } };
}

[Collection(ChromiumEngine.Name)]
public sealed class PolicyEnforcementInChromium(ChromiumFixture browser, BridgeServers servers) : PolicyEnforcement(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class PolicyEnforcementInFirefox(FirefoxFixture browser, BridgeServers servers) : PolicyEnforcement(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class PolicyEnforcementInWebKit(WebKitFixture browser, BridgeServers servers) : PolicyEnforcement(browser, servers);
