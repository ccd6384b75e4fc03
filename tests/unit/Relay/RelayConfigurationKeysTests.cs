using Bridge.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.Relay;

/// <summary>
/// Configuration the binder cannot take as written (a value of the wrong type, a misspelt key) is refused with the
/// key named, never dropped: a site that silently went missing, or a limit silently left at its default, would be a
/// policy other than the one the service owner wrote.
/// </summary>
public sealed class RelayConfigurationKeysTests
{
    private static readonly Dictionary<string, string?> TwoSites = new()
    {
        ["Bridge:Relay:Sites:0:Origins:0"] = "https://app.example.com",
        ["Bridge:Relay:Sites:0:Paths:0"] = "/api/**",
        ["Bridge:Relay:Sites:1:Origins:0"] = "https://admin.example.com",
        ["Bridge:Relay:Sites:1:Paths:0"] = "/admin/**",
    };

    [Fact]
    public void BindsTwoSitesAsWritten()
    {
        var options = Bind(TwoSites);

        Assert.Equal(2, options.Sites.Count);
    }

    [Theory]
    [InlineData("Bridge:Relay:Sites:1:MaxResponseBodyBytes", "lots")]
    [InlineData("Bridge:Relay:Sites:1:AllowCredentials", "maybe")]
    [InlineData("Bridge:Relay:Sites:1:MaxResponseBodyByte", "1024")]
    [InlineData("Bridge:Relay:Sites:1:Orgins:0", "https://other.example.com")]
    [InlineData("Bridge:Relay:AllowAnyOrign", "true")]
    [InlineData("Bridge:Relay:AllowAnyOrigin", "yes")]
    public void ACantBeReadKeyIsRefusedNamingIt(string key, string value)
    {
        var keys = new Dictionary<string, string?>(TwoSites) { [key] = value };

        var error = Assert.ThrowsAny<Exception>(() => Bind(keys));

        Assert.True(error is OptionsValidationException or InvalidOperationException, error.GetType().Name);
        // The binder names the full key of a value it cannot convert, and the property name of a key it does not know.
        var segments = key.Split(':');
        var named = int.TryParse(segments[^1], out _) ? segments[^2] : segments[^1];
        var message = Describe(error);
        Assert.True(message.Contains(named, StringComparison.Ordinal), message);
    }

    private static BridgeRelayOptions Bind(Dictionary<string, string?> keys)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddBridgeRelay()
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;
    }

    private static string Describe(Exception error) =>
        error.InnerException is { } inner ? $"{error.Message} {Describe(inner)}" : error.Message;
}
