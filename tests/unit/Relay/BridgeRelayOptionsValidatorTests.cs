using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.Relay;

/// <summary>The validator as a host runs it: options bound from configuration through <c>AddBridgeRelay</c>.</summary>
public sealed class BridgeRelayOptionsValidatorTests
{
    [Fact]
    public void AcceptsExactOrigins()
    {
        using var services = RelayConfiguration.Services(["https://app.example.com", "http://localhost:5080/"]);

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        Assert.Equal(["https://app.example.com", "http://localhost:5080/"], options.AllowedOrigins);
    }

    [Fact]
    public void NamesTheKeyAndValueOfABadOrigin()
    {
        using var services = RelayConfiguration.Services(["https://app.example.com", "https://app.example.com/path"]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value);

        var failure = Assert.Single(error.Failures);
        Assert.Contains("Bridge:Relay:AllowedOrigins:1", failure, StringComparison.Ordinal);
        Assert.Contains("\"https://app.example.com/path\"", failure, StringComparison.Ordinal);
        Assert.Contains("Bridge:Relay:AllowedOrigins:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsEveryBadOriginAtOnce()
    {
        using var services = RelayConfiguration.Services(["*", "https://app.example.com", "null"]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains("Bridge:Relay:AllowedOrigins:0 = \"*\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bridge:Relay:AllowedOrigins:2 = \"null\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Bridge:Relay:AllowedOrigins:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAnEmptyAllowList()
    {
        using var services = RelayConfiguration.Services([]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value);

        var failure = Assert.Single(error.Failures);
        Assert.Contains("Bridge:Relay:AllowedOrigins is empty", failure, StringComparison.Ordinal);
    }
}
