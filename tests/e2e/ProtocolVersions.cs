using System.Text.Json;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// Sites bundle one client version and services upgrade their relay on their own schedule: the handshake negotiates
/// the highest version both speak. The hello always says <c>v: 1</c> (relays before negotiation refuse any other) and
/// lists its versions in <c>versions</c>; an older client (no list) gets version 1, an older relay (which ignores the
/// list) still serves the current client, and two sides with nothing in common fail naming both ranges.
/// </summary>
public abstract class ProtocolVersions(BrowserFixture browser, BridgeServers servers)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("older client: no versions", null, "ready", null, 1, 1)]
    [InlineData("version 1 client", "[1]", "ready", null, 1, 1)]
    [InlineData("version 2 client", "[1,2]", "ready", null, 1, 2)]
    [InlineData("version 3 client", "[1,2,3]", "ready", null, 1, 3)]
    [InlineData("version 4 client", "[1,2,3,4]", "ready", null, 1, 4)]
    [InlineData("current client: versions 1 to 5", "[1,2,3,4,5]", "ready", null, 1, 5)]
    [InlineData("newer client: versions 1 to 6", "[1,2,3,4,5,6]", "ready", null, 1, 5)]
    // A refusal says v 1, which clients of every version read.
    [InlineData("client speaking only versions 6 and 7", "[6,7]", "refused", "relay versions 1 to 5, bridge.js versions 6 to 7", 0, 1)]
    public async Task TheRelayAnswersWithTheHighestVersionBothSpeak(string client, string? versions, string type, string? refusal, int ports, int version)
    {
        _ = client;
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");

        var outcome = await page.RunAsync(
            PageScripts.Load("hello-in-own-frame"),
            new { relayUrl = page.RelayUrl(servers.ServiceOrigin), versions = versions is null ? null : JsonSerializer.Deserialize<int[]>(versions) },
            Bound);

        Assert.True(outcome.Resolved, outcome.Message);
        var answer = outcome.Value;
        Assert.Equal(type, answer.GetProperty("type").GetString());
        Assert.Equal(version, answer.GetProperty("v").GetInt32());
        Assert.Equal(ports, answer.GetProperty("ports").GetInt32());
        if (refusal is null)
        {
            Assert.Equal(JsonValueKind.Null, answer.GetProperty("code").ValueKind);
        }
        else
        {
            Assert.Equal("version-mismatch", answer.GetProperty("code").GetString());
            Assert.Equal(refusal, answer.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task TheCurrentClientStillReachesARelayFromBeforeNegotiation()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        // The fake relay answers as relays before negotiation did: "ready" with its own version, whatever was listed.
        var relayUrl = $"{servers.ServiceOrigin}{ServiceTestPages.FakeRelayPath}?v=1";
        await page.ConfigureBridgeAsync(new { relays = new Dictionary<string, string> { [servers.ServiceOrigin] = relayUrl } });

        var outcome = await page.RunAsync("(origin) => bridge.preconnect(origin)", servers.ServiceOrigin, Bound);

        Assert.True(outcome.Resolved, outcome.Message);
    }

    [Fact]
    public async Task TheCurrentClientAndTheCurrentRelayAgreeOnVersion5()
    {
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);

        var outcome = await page.BridgeFetchAsync(servers.ServiceOrigin + "/api/hello");

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(5, await page.Page.EvaluateAsync<int>("() => bridge.PROTOCOL_VERSION"));
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class ProtocolVersionsInChromium(ChromiumFixture browser, BridgeServers servers) : ProtocolVersions(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class ProtocolVersionsInFirefox(FirefoxFixture browser, BridgeServers servers) : ProtocolVersions(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class ProtocolVersionsInWebKit(WebKitFixture browser, BridgeServers servers) : ProtocolVersions(browser, servers);
