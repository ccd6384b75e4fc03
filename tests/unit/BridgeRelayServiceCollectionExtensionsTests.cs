using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests;

public sealed class BridgeRelayServiceCollectionExtensionsTests
{
    [Fact]
    public void ConfigureAddsToTheBoundOrigins()
    {
        using var services = RelayConfiguration.Services(
            ["https://app.example.com"],
            options => options.AllowedOrigins.Add("https://admin.example.com"));

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        Assert.Equal(["https://app.example.com", "https://admin.example.com"], options.AllowedOrigins);
    }

    [Fact]
    public void ConfigureAloneFillsTheAllowList()
    {
        using var services = RelayConfiguration.Services([], options => options.AllowedOrigins.Add("https://app.example.com"));

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        Assert.Equal(["https://app.example.com"], options.AllowedOrigins);
    }

    [Fact]
    public void CallingItTwiceRegistersTheValidatorOnce()
    {
        var services = new ServiceCollection();

        services.AddBridgeRelay();
        services.AddBridgeRelay();

        using var provider = services.BuildServiceProvider();
        var validators = provider.GetServices<IValidateOptions<BridgeRelayOptions>>();
        Assert.Single(validators.OfType<BridgeRelayOptionsValidator>());
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(ClientAssets));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(RelayState));
    }

    [Fact]
    public void CallingItTwiceBindsTheConfiguredOriginsOnce()
    {
        using var services = RelayConfiguration.Services(["https://app.example.com"], configure: null, addRelayTimes: 2);

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        Assert.Equal(["https://app.example.com"], options.AllowedOrigins);
    }

    [Fact]
    public async Task ABadOriginStopsStartUp()
    {
        await using var app = RelayTestHost.Build(["http://localhost:5080", "http://localhost:5080/app"], addRelay: true);
        app.MapBridgeRelay();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Bridge:Relay:AllowedOrigins:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"http://localhost:5080/app\"", error.Message, StringComparison.Ordinal);
    }
}
