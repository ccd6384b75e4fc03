using System.Net;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Bridge.UnitTests;

public sealed class BridgeRelayEndpointRouteBuilderExtensionsTests
{
    [Fact]
    public async Task MappingWithoutAddingThrows()
    {
        await using var app = RelayTestHost.Build(RelayConfiguration.Policy(RelayTestHost.SiteOrigins), addRelay: false);

        var error = Assert.Throws<InvalidOperationException>(() => app.MapBridgeRelay());

        Assert.Contains("AddBridgeRelay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapsUnderTheGivenPrefix()
    {
        await using var host = await RelayTestHost.StartAsync("/custom");
        var cancellation = TestContext.Current.CancellationToken;

        using var relay = await host.Client.GetAsync(new Uri("/custom/relay.html", UriKind.Relative), cancellation);
        using var script = await host.Client.GetAsync(new Uri("/custom/bridge.js", UriKind.Relative), cancellation);
        using var integrity = await host.Client.GetAsync(new Uri("/custom/integrity.json", UriKind.Relative), cancellation);
        using var defaultPrefix = await host.Client.GetAsync(new Uri("/bridge/relay.html", UriKind.Relative), cancellation);

        Assert.Equal(HttpStatusCode.OK, relay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, integrity.StatusCode);
        Assert.Contains("\"/custom/bridge.js?v=", await integrity.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, defaultPrefix.StatusCode);
    }
}
