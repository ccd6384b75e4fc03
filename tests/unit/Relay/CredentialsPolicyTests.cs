using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.Relay;

/// <summary>
/// Cookies go only to pages the owner named: a site listing <c>"*"</c> never allows credentials (as ASP.NET Core's
/// CORS refuses AllowAnyOrigin with AllowCredentials), and a site listing a subdomain wildcard only with
/// <see cref="BridgeRelayOptions.AllowCredentialsWithSubdomainWildcards"/>. Such a policy does not start, and a
/// reload to one is refused with the previous policy kept.
/// </summary>
public sealed class CredentialsPolicyTests
{
    private const string Credentials = "Bridge:Relay:Sites:0:AllowCredentials";

    [Theory]
    // Origins, AllowCredentials, AllowCredentialsWithSubdomainWildcards, the refused entry's index or -1.
    [InlineData("*", true, false, 0)]
    [InlineData("*", true, true, 0)]
    [InlineData("https://app.example.com *", true, false, 1)]
    [InlineData("https://*.example.com", true, false, 0)]
    [InlineData("https://app.example.com https://*.example.com", true, false, 1)]
    [InlineData("https://*.example.com", true, true, -1)]
    [InlineData("*", false, false, -1)]
    [InlineData("https://*.example.com", false, false, -1)]
    [InlineData("https://*.example.com", false, true, -1)]
    [InlineData("https://app.example.com", true, false, -1)]
    [InlineData("https://app.example.com", true, true, -1)]
    [InlineData("https://app.example.com", false, true, -1)]
    public void CredentialsAreRefusedForAnyOriginAndForAWildcardWithoutItsFlag(string origins, bool credentials, bool flag, int refused)
    {
        var options = Options(origins.Split(' '), credentials, flag);

        var failures = Validate(options);

        if (refused < 0)
        {
            Assert.Empty(failures);
            return;
        }
        var failure = Assert.Single(failures);
        var value = origins.Split(' ')[refused];
        Assert.StartsWith($"{Credentials} = true with Bridge:Relay:Sites:0:Origins:{refused} = \"{value}\" ", failure, StringComparison.Ordinal);
        Assert.Contains($"{Credentials} to false", failure, StringComparison.Ordinal);
        if (value == "*")
        {
            Assert.Contains("(Bridge:Relay:AllowAnyOrigin = true)", failure, StringComparison.Ordinal);
            Assert.Contains("any origin on the web", failure, StringComparison.Ordinal);
            Assert.DoesNotContain("AllowCredentialsWithSubdomainWildcards", failure, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("set Bridge:Relay:AllowCredentialsWithSubdomainWildcards to true", failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EverySiteIsCheckedAndEveryProblemReportedAtOnce()
    {
        var options = Options(["*"], credentials: true, flag: false);
        var wildcard = RelayConfiguration.Site(["https://*.example.org", "https://*.example.net"], "/files/**");
        wildcard.AllowCredentials = true;
        options.Sites.Add(wildcard);

        var failures = Validate(options);

        Assert.Equal(3, failures.Count);
        Assert.StartsWith($"{Credentials} = true with Bridge:Relay:Sites:0:Origins:0 = \"*\"", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Bridge:Relay:Sites:1:AllowCredentials = true with Bridge:Relay:Sites:1:Origins:0 = \"https://*.example.org\"", failures[1], StringComparison.Ordinal);
        Assert.StartsWith("Bridge:Relay:Sites:1:AllowCredentials = true with Bridge:Relay:Sites:1:Origins:1 = \"https://*.example.net\"", failures[2], StringComparison.Ordinal);
    }

    [Fact]
    public void AnOriginAlreadyRefusedIsNotRefusedTwice()
    {
        // "*" without AllowAnyOrigin is not an origin at all: that is the one problem to fix first.
        var options = Options(["*"], credentials: true, flag: false);
        options.AllowAnyOrigin = false;

        var failure = Assert.Single(Validate(options));

        Assert.StartsWith("Bridge:Relay:Sites:0:Origins:0 = \"*\" is not an origin", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", false)]
    [InlineData("https://*.example.com", false)]
    public async Task SuchAPolicyStopsStartUp(string origin, bool flag)
    {
        await using var app = RelayTestHost.Build(Options([origin], credentials: true, flag), addRelay: true);
        app.MapBridgeRelay();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"{Credentials} = true with Bridge:Relay:Sites:0:Origins:0 = \"{origin}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFlagLetsAWildcardSiteWithCredentialsStartWithAWarningNamingIt()
    {
        var logs = new LogRecorder();
        await using var host = await RelayTestHost.StartAsync(Options(["https://*.example.com"], credentials: true, flag: true), logs: logs);

        var warning = Assert.Single(logs.AtLevel(LogLevel.Warning), entry => entry.EventId.Id == 8);

        Assert.Contains("AllowCredentialsWithSubdomainWildcards", warning.Message, StringComparison.Ordinal);
        Assert.Contains("cookies", warning.Message, StringComparison.Ordinal);
        Assert.Contains("https://*.example.com (Bridge:Relay:Sites:0, paths /api/**)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFlagAloneIsHarmlessAndStillAWarning()
    {
        var logs = new LogRecorder();
        var options = RelayConfiguration.Policy("https://app.example.com");
        options.AllowCredentialsWithSubdomainWildcards = true;
        using var services = RelayConfiguration.Services(options, logs: logs);

        var state = services.GetRequiredService<RelayState>();

        Assert.NotNull(state.Policy.Match("https://app.example.com"));
        Assert.Null(state.Policy.Match("https://a.example.com"));
        var warning = Assert.Single(logs.AtLevel(LogLevel.Warning));
        Assert.Equal(8, warning.EventId.Id);
        Assert.Contains("none with AllowCredentials lists a wildcard", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", "Bridge:Relay:AllowAnyOrigin")]
    [InlineData("https://*.example.com", "Bridge:Relay:AllowCredentialsWithSubdomainWildcards")]
    public void AReloadThatWouldGiveCookiesToSuchASiteKeepsThePreviousPolicy(string origin, string named)
    {
        var logs = new LogRecorder();
        var options = Options([origin], credentials: false, flag: false);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(RelayConfiguration.Keys(options)).Build();
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs))
            .AddSingleton<IConfiguration>(configuration)
            .AddBridgeRelay()
            .BuildServiceProvider();
        var state = services.GetRequiredService<RelayState>();
        var before = state.Policy;

        configuration[Credentials] = "true";
        // The options monitor throws from its own change listener, through Reload: that is not ours to catch.
        Assert.ThrowsAny<Exception>(configuration.Reload);

        Assert.Same(before, state.Policy);
        Assert.False(Assert.Single(state.Policy.Sites).AllowCredentials);
        var error = Assert.Single(logs.AtLevel(LogLevel.Error));
        Assert.Equal(7, error.EventId.Id);
        Assert.Contains("previous policy stays in force", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Credentials} = true with Bridge:Relay:Sites:0:Origins:0 = \"{origin}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static BridgeRelayOptions Options(IEnumerable<string> origins, bool credentials, bool flag)
    {
        var site = RelayConfiguration.Site(origins);
        site.AllowCredentials = credentials;
        var options = RelayConfiguration.Policy(site);
        options.AllowAnyOrigin = true;
        options.AllowSubdomainWildcards = true;
        options.AllowCredentialsWithSubdomainWildcards = flag;
        return options;
    }

    private static List<string> Validate(BridgeRelayOptions options)
    {
        var result = new BridgeRelayOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        return result.Succeeded ? [] : [.. result.Failures ?? []];
    }
}
