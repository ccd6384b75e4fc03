using System.Net;
using Bridge.Classic.Cors;
using Bridge.Demo;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.Classic;

public sealed class DemoCorsTests
{
    private const string Site = "http://localhost:5080";
    private const string Other = "http://127.0.0.1:5080";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("bridge-relay-origin")]
    [InlineData("Bridge-Relay-Origin")]
    [InlineData("content-type,bridge-relay-origin")]
    public async Task APreflightAskingForTheRelaysOriginHeaderIsNotGranted(string requestHeaders)
    {
        await using var app = await StartAsync(Configuration());
        using var preflight = CorsRequests.Preflight("/cors/api/echo", Site, "POST", requestHeaders);

        using var response = await app.GetTestClient().SendAsync(preflight, Cancellation);

        // The framework may still name the origin and the policy's own headers; the browser then fails the
        // preflight, because the header it asked for is not among those granted.
        var granted = (Header(response, "Access-Control-Allow-Headers") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(granted, header => header.Equals("bridge-relay-origin", StringComparison.OrdinalIgnoreCase) || header == "*");
        Assert.All(granted, header => Assert.Equal("content-type", header, ignoreCase: true));
        Assert.Contains("Origin", Header(response, "Vary") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task APreflightForAListedHeaderIsGrantedWithTheConfiguredMaxAgeAndNoCredentials()
    {
        await using var app = await StartAsync(Configuration());
        using var preflight = CorsRequests.Preflight("/cors/api/echo", Site, "PUT", "content-type");

        using var response = await app.GetTestClient().SendAsync(preflight, Cancellation);

        Assert.Equal(Site, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("content-type", Header(response, "Access-Control-Allow-Headers")?.ToLowerInvariant());
        Assert.Equal("GET,PUT", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("120", Header(response, "Access-Control-Max-Age"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("Origin", Header(response, "Vary"));
    }

    [Theory]
    [InlineData(Site, Site)]
    [InlineData(Other, null)]
    [InlineData(null, null)]
    public async Task EveryAnswerVariesByOrigin(string? origin, string? allowedOrigin)
    {
        await using var app = await StartAsync(Configuration());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cors/api/hello");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await app.GetTestClient().SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(allowedOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("Origin", Header(response, "Vary"));
    }

    [Fact]
    public async Task CredentialsOnlyWhereThePolicySaysSo()
    {
        var configuration = Configuration();
        configuration["Demo:Cors:AllowCredentials"] = "true";
        await using var app = await StartAsync(configuration);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cors/api/hello");
        request.Headers.Add("Origin", Site);

        using var response = await app.GetTestClient().SendAsync(request, Cancellation);

        Assert.Equal(Site, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task WithNoOriginsConfiguredOnlyTheSiteIsAllowed()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cors/api/hello");
        request.Headers.Add("Origin", Site);

        using var response = await app.GetTestClient().SendAsync(request, Cancellation);

        Assert.Equal(Site, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public void ReportsEveryProblemAtOnceNamingEachKeyAndValue()
    {
        var options = new DemoCorsOptions
        {
            Origins = ["*", "https://app.example.com/path", "null", "https://*.example.com"],
            Methods = ["*", "put"],
            Headers = ["*", "Bridge-Relay-Origin", "x y"],
            ExposedHeaders = ["*"],
            AllowCredentials = true,
            PreflightMaxAge = TimeSpan.FromSeconds(-1),
        };
        var legacy = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:CorsOrigins:0"] = Site }).Build();

        var result = new DemoCorsOptionsValidator(legacy).Validate(null, options);

        string[] expected =
        [
            "Demo:CorsOrigins is no longer read",
            "Demo:Cors:Origins:0 = \"*\" is a wildcard",
            "Demo:Cors:Origins:1 = \"https://app.example.com/path\" is not just an origin",
            "Demo:Cors:Origins:2 = \"null\" is the origin of sandboxed",
            "Demo:Cors:Origins:3 = \"https://*.example.com\"",
            "Demo:Cors:Methods:0 = \"*\" is a wildcard",
            "Demo:Cors:Methods:1 = \"put\" is not in upper case",
            "Demo:Cors:Headers:0 = \"*\" is a wildcard",
            "Demo:Cors:Headers:1 = \"Bridge-Relay-Origin\" is the relay's verified-origin header",
            "Demo:Cors:Headers:2 = \"x y\" is not a header name",
            "Demo:Cors:ExposedHeaders:0 = \"*\" is a wildcard, which with AllowCredentials",
            "Demo:Cors:PreflightMaxAge = -00:00:01 is out of range",
        ];
        FailureAssert.FailedWithExactly(result, expected);
    }

    [Fact]
    public async Task ABadPolicyStopsStartUp()
    {
        var configuration = Configuration();
        configuration["Demo:Cors:Headers:1"] = "bridge-relay-origin";
        configuration["Demo:Cors:Origins:1"] = "*";

        await using var app = Build(configuration);
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(Cancellation));

        Assert.Contains(exception.Failures, failure => failure.StartsWith("Demo:Cors:Headers:1 = \"bridge-relay-origin\"", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.StartsWith("Demo:Cors:Origins:1 = \"*\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownKeyStopsStartUp()
    {
        var configuration = Configuration();
        configuration["Demo:Cors:AllowAnyHeader"] = "true";

        await using var app = Build(configuration);

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(Cancellation));
    }

    private static Dictionary<string, string?> Configuration() => new()
    {
        ["Demo:Cors:Origins:0"] = Site,
        ["Demo:Cors:Methods:0"] = "GET",
        ["Demo:Cors:Methods:1"] = "PUT",
        ["Demo:Cors:Headers:0"] = "Content-Type",
        ["Demo:Cors:PreflightMaxAge"] = "00:02:00",
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> configuration)
    {
        var app = Build(configuration);
        await app.StartAsync(Cancellation);
        return app;
    }

    private static WebApplication Build(Dictionary<string, string?> configuration)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseTestServer();
        DemoCors.AddPolicy(builder.Services, Site);
        var app = builder.Build();
        DemoCors.UseVaryByOrigin(app);
        app.UseCors();
        DemoApi.Map(DemoCors.MapGroup(app));
        return app;
    }
}
