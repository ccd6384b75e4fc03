using Bridge.SingleSignOn;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.SingleSignOn;

public sealed class SingleSignOnOptionsValidatorTests
{
    [Fact]
    public void ReportsEveryProblemAtOnceNamingEachKeyAndValue()
    {
        var options = new SingleSignOnOptions
        {
            ServiceUrl = new Uri("http://sso.example.localhost:5090/path"),
            TokenLifetime = TimeSpan.FromHours(1),
            SessionLifetime = TimeSpan.Zero,
            Users = new() { ["alice"] = new SingleSignOnUser { PasswordHash = "wonderland" } },
            Apps = new()
            {
                ["any"] = App("*", "any"),
                ["path"] = App("http://foo.example.localhost:5091/app", "path"),
                ["foo"] = App(SsoTestHosts.Foo, "foo"),
                ["twin"] = App(SsoTestHosts.Foo, "foo"),
                ["colon"] = App(SsoTestHosts.Other, "a:b"),
                ["nameless"] = App("http://nameless.localhost", ""),
                ["self"] = App("http://sso.example.localhost:5090", "self"),
                ["plain"] = new SingleSignOnClientApp { Origin = "http://plain.localhost", ClientId = "plain", ClientSecretHash = "secret" },
            },
        };

        var result = new SingleSignOnOptionsValidator().Validate(null, options);

        string[] expected =
        [
            "SingleSignOn:ServiceUrl = \"http://sso.example.localhost:5090/path\" is not just an origin",
            "SingleSignOn:TokenLifetime = 01:00:00 is out of range",
            "SingleSignOn:SessionLifetime = 00:00:00 is out of range",
            "SingleSignOn:Users:alice:PasswordHash is not a password hash",
            "SingleSignOn:Apps:any:Origin = \"*\" is a wildcard",
            "SingleSignOn:Apps:path:Origin = \"http://foo.example.localhost:5091/app\" is not just an origin",
            "SingleSignOn:Apps:twin:Origin = \"http://foo.example.localhost:5091\" is also the origin of app \"foo\"",
            "SingleSignOn:Apps:twin:ClientId = \"foo\" is also the client id of app \"foo\"",
            "SingleSignOn:Apps:colon:ClientId = \"a:b\" has a colon",
            "SingleSignOn:Apps:nameless:ClientId is empty",
            "SingleSignOn:Apps:self:Origin = \"http://sso.example.localhost:5090\" is the SSO service's own origin",
            "SingleSignOn:Apps:plain:ClientSecretHash is not a client secret hash",
        ];
        FailureAssert.FailedWithExactly(result, expected);
    }

    [Fact]
    public void NoAppsIsAProblem()
    {
        var result = new SingleSignOnOptionsValidator().Validate(null, new SingleSignOnOptions());

        Assert.StartsWith("SingleSignOn:Apps is empty", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void TheTestsConfigurationIsValid()
    {
        var options = Bind(SsoTestHosts.Configuration());

        Assert.True(new SingleSignOnOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void TheDemosConfigurationIsValidAndEachAppsSecretMatchesItsHash()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var options = configuration.GetSection(SingleSignOnOptions.SectionName).Get<SingleSignOnOptions>()!;

        Assert.True(new SingleSignOnOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(["foo", "other"], options.Apps.Keys.Order());
        Assert.All(options.Apps.Values, app => Assert.True(ClientSecrets.Verify(app.ClientSecretHash, app.ClientSecret)));
        Assert.True(Passwords.Verify(options.Users["alice"], "wonderland-demo"));
        Assert.Empty(options.Redis ?? "");
    }

    [Fact]
    public async Task AWildcardOriginStopsTheServiceAtStartUp()
    {
        var configuration = SsoTestHosts.Configuration();
        configuration["SingleSignOn:Apps:foo:Origin"] = "*";

        // Reported by the SSO's options, and again by the relay and CORS policies built from them.
        var exception = await Assert.ThrowsAsync<AggregateException>(() => SsoTestHosts.StartAsync(configuration: configuration));

        Assert.All(exception.InnerExceptions, inner => Assert.Contains(
            ((OptionsValidationException)inner).Failures,
            failure => failure.StartsWith("SingleSignOn:Apps:foo:Origin = \"*\" is a wildcard", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnUnknownKeyStopsTheServiceAtStartUp()
    {
        var configuration = SsoTestHosts.Configuration();
        configuration["SingleSignOn:Users:alice:Password"] = "wonderland";

        await Assert.ThrowsAsync<InvalidOperationException>(() => SsoTestHosts.StartAsync(configuration: configuration));
    }

    [Fact]
    public async Task AnAppWhoseSecretDoesNotMatchItsHashDoesNotStart()
    {
        var configuration = SsoTestHosts.Configuration();
        configuration["SingleSignOn:Apps:other:ClientSecret"] = ClientSecrets.Create();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => SsoTestHosts.StartAsync(withApps: true, configuration));

        Assert.StartsWith("SingleSignOn:Apps:other:ClientSecret is missing, shorter than 32 characters, or does not match", exception.Message, StringComparison.Ordinal);
    }

    private static SingleSignOnClientApp App(string origin, string clientId) =>
        new() { Origin = origin, ClientId = clientId, ClientSecretHash = ClientSecrets.Hash(ClientSecrets.Create()) };

    private static SingleSignOnOptions Bind(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(SingleSignOnOptions.SectionName).Get<SingleSignOnOptions>()!;
}
