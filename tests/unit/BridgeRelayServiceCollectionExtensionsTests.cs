using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests;

public sealed class BridgeRelayServiceCollectionExtensionsTests
{
    [Fact]
    public void ConfigureAddsToTheBoundSites()
    {
        using var services = RelayConfiguration.Services(
            RelayConfiguration.Policy("https://app.example.com"),
            options => options.Sites.Add(RelayConfiguration.Site(["https://admin.example.com"], "/admin/**")));

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        Assert.Equal(2, options.Sites.Count);
        Assert.Equal(["https://app.example.com"], options.Sites[0].Origins);
        Assert.Equal(["/api/**"], options.Sites[0].Paths);
        Assert.Equal(["https://admin.example.com"], options.Sites[1].Origins);
        Assert.Equal(["/admin/**"], options.Sites[1].Paths);
    }

    [Fact]
    public void ConfigureAloneFillsThePolicy()
    {
        using var services = RelayConfiguration.Services(
            new BridgeRelayOptions(),
            options => options.Sites.Add(RelayConfiguration.Site(["https://app.example.com"])));

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        var site = Assert.Single(options.Sites);
        Assert.Equal(["https://app.example.com"], site.Origins);
    }

    [Fact]
    public void BindsEverySettingOfASite()
    {
        var configured = RelayConfiguration.Policy(RelayConfiguration.Site(["https://*.example.com", "https://app.example.com"], "/api/**", "/files/*"));
        configured.AllowAnyOrigin = true;
        configured.AllowSubdomainWildcards = true;
        configured.AllowCredentialsWithSubdomainWildcards = true;
        var site = configured.Sites[0];
        site.Methods.Add("POST");
        site.RequestHeaders.Add("x-request-id");
        site.ExposedHeaders.Add("etag");
        site.AllowCredentials = true;
        site.MaxRequestBodyBytes = 10;
        site.MaxResponseBodyBytes = 20;
        using var services = RelayConfiguration.Services(configured);

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        Assert.True(options.AllowAnyOrigin);
        Assert.True(options.AllowSubdomainWildcards);
        Assert.True(options.AllowCredentialsWithSubdomainWildcards);
        var bound = Assert.Single(options.Sites);
        Assert.Equal(["https://*.example.com", "https://app.example.com"], bound.Origins);
        Assert.Equal(["/api/**", "/files/*"], bound.Paths);
        Assert.Equal(["POST"], bound.Methods);
        Assert.Equal(["x-request-id"], bound.RequestHeaders);
        Assert.Equal(["etag"], bound.ExposedHeaders);
        Assert.True(bound.AllowCredentials);
        Assert.Equal(10, bound.MaxRequestBodyBytes);
        Assert.Equal(20, bound.MaxResponseBodyBytes);
    }

    [Fact]
    public void UnsetSettingsKeepTheirClosedDefaults()
    {
        using var services = RelayConfiguration.Services(RelayConfiguration.Policy("https://app.example.com"));

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        Assert.False(options.AllowAnyOrigin);
        Assert.False(options.AllowSubdomainWildcards);
        Assert.False(options.AllowCredentialsWithSubdomainWildcards);
        var site = Assert.Single(options.Sites);
        Assert.Empty(site.Methods);
        Assert.Empty(site.RequestHeaders);
        Assert.Empty(site.ExposedHeaders);
        Assert.False(site.AllowCredentials);
        Assert.Equal(1024 * 1024, site.MaxRequestBodyBytes);
        Assert.Equal(16 * 1024 * 1024, site.MaxResponseBodyBytes);
    }

    [Fact]
    public void CallingItTwiceRegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddBridgeRelay();
        services.AddBridgeRelay();

        using var provider = services.BuildServiceProvider();
        var validators = provider.GetServices<IValidateOptions<BridgeRelayOptions>>();
        Assert.Single(validators.OfType<BridgeRelayOptionsValidator>());
        Assert.Single(provider.GetServices<IStartupFilter>().OfType<RelayPolicyStartupFilter>());
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(ClientAssets));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(RelayState));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(RelayMetrics));
    }

    [Fact]
    public void CallingItTwiceBindsTheConfiguredSitesOnce()
    {
        using var services = RelayConfiguration.Services(RelayConfiguration.Policy("https://app.example.com"), configure: null, addRelayTimes: 2);

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        var site = Assert.Single(options.Sites);
        Assert.Equal(["https://app.example.com"], site.Origins);
        Assert.Equal(["/api/**"], site.Paths);
    }

    [Fact]
    public async Task ABadOriginStopsStartUp()
    {
        await using var app = RelayTestHost.Build(RelayConfiguration.Policy("http://localhost:5080", "http://localhost:5080/app"), addRelay: true);
        app.MapBridgeRelay();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Bridge:Relay:Sites:0:Origins:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"http://localhost:5080/app\"", error.Message, StringComparison.Ordinal);
    }
}
