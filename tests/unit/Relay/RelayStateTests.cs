using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Relay;

/// <summary>
/// What the host logs when it loads the policy: opening it is a Warning that names what it opens. A changed
/// configuration is loaded at run time, or refused as an Error that keeps the previous policy.
/// </summary>
public sealed class RelayStateTests
{
    [Fact]
    public void AClosedPolicyLogsNoWarning()
    {
        var logs = Load(RelayConfiguration.Policy("https://app.example.com"));

        Assert.Empty(logs.AtLevel(LogLevel.Warning));
        var loaded = Assert.Single(logs.Entries, entry => entry.Category == typeof(RelayState).FullName);
        Assert.Equal(LogLevel.Information, loaded.Level);
        Assert.Contains("https://app.example.com", loaded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowAnyOriginIsAWarningNamingTheSiteItOpens()
    {
        var options = RelayConfiguration.Policy(
            RelayConfiguration.Site(["https://app.example.com"]),
            RelayConfiguration.Site(["*"], "/public/**"));
        options.AllowAnyOrigin = true;

        var warning = Assert.Single(Load(options).AtLevel(LogLevel.Warning));

        Assert.Equal(2, warning.EventId.Id);
        Assert.Contains("AllowAnyOrigin", warning.Message, StringComparison.Ordinal);
        Assert.Contains("any origin", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Bridge:Relay:Sites:1, paths /public/**", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sites:0", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowSubdomainWildcardsIsAWarningNamingEachWildcard()
    {
        var options = RelayConfiguration.Policy(
            RelayConfiguration.Site(["https://*.example.com", "https://app.example.com"]),
            RelayConfiguration.Site(["https://*.example.org"], "/files/*"));
        options.AllowSubdomainWildcards = true;

        var warning = Assert.Single(Load(options).AtLevel(LogLevel.Warning));

        Assert.Equal(3, warning.EventId.Id);
        Assert.Contains("AllowSubdomainWildcards", warning.Message, StringComparison.Ordinal);
        Assert.Contains("https://*.example.com (Bridge:Relay:Sites:0, paths /api/**)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("https://*.example.org (Bridge:Relay:Sites:1, paths /files/*)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlagOnWithNothingUsingItIsStillAWarning()
    {
        var options = RelayConfiguration.Policy("https://app.example.com");
        options.AllowAnyOrigin = true;
        options.AllowSubdomainWildcards = true;

        var warnings = Load(options).AtLevel(LogLevel.Warning);

        Assert.Equal(2, warnings.Count);
        Assert.Contains("none lists \"*\"", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("none is listed", warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValidChangeReplacesThePolicy()
    {
        var (configuration, services, logs) = Reloadable(RelayConfiguration.Policy("https://app.example.com"));
        using var _ = services;
        var state = services.GetRequiredService<RelayState>();

        configuration["Bridge:Relay:Sites:0:Origins:0"] = "https://other.example.com";
        configuration.Reload();

        Assert.Null(state.Policy.Match("https://app.example.com"));
        Assert.NotNull(state.Policy.Match("https://other.example.com"));
        Assert.Equal(2, logs.Entries.Count(entry => entry.EventId.Id == 1));
        Assert.Empty(logs.AtLevel(LogLevel.Error));
    }

    [Theory]
    [InlineData("Bridge:Relay:Sites:0:Origins:0", "app.example.com", "app.example.com")]
    [InlineData("Bridge:Relay:AllowAnyOrigin", "maybe", "Bridge:Relay:AllowAnyOrigin")]
    public void AChangeThatFailsIsRefusedAsAnErrorAndThePreviousPolicyStays(string key, string value, string named)
    {
        var (configuration, services, logs) = Reloadable(RelayConfiguration.Policy("https://app.example.com"));
        using var _ = services;
        var state = services.GetRequiredService<RelayState>();
        var before = state.Policy;

        configuration[key] = value;
        // The options monitor throws from its own change listener, through Reload: that is not ours to catch.
        Assert.ThrowsAny<Exception>(configuration.Reload);

        Assert.Same(before, state.Policy);
        var error = Assert.Single(logs.AtLevel(LogLevel.Error));
        Assert.Equal(7, error.EventId.Id);
        Assert.Contains("previous policy stays in force", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(named, StringComparison.Ordinal), error.Message);
    }

    private static (IConfigurationRoot Configuration, ServiceProvider Services, LogRecorder Logs) Reloadable(BridgeRelayOptions options)
    {
        var logs = new LogRecorder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(RelayConfiguration.Keys(options)).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs))
            .AddSingleton<IConfiguration>(configuration)
            .AddBridgeRelay()
            .BuildServiceProvider();
        return (configuration, services, logs);
    }

    private static LogRecorder Load(BridgeRelayOptions options)
    {
        var logs = new LogRecorder();
        using var services = RelayConfiguration.Services(options, logs: logs);
        services.GetRequiredService<RelayState>();
        return logs;
    }
}
