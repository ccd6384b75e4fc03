using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;

namespace Bridge.UnitTests.Relay;

public sealed class RelayPolicyTests
{
    [Fact]
    public void AppliesTheDefaultsOfAnEmptyList()
    {
        var site = Assert.Single(RelayPolicy.From(RelayConfiguration.Policy("https://app.example.com")).Sites);

        Assert.Equal(["GET", "HEAD"], site.Methods);
        Assert.Equal(["accept", "accept-language", "content-language", "content-type"], site.RequestHeaders);
        Assert.Equal(["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"], site.ExposedHeaders);
        Assert.False(site.AllowCredentials);
        Assert.Equal(1024 * 1024, site.MaxRequestBodyBytes);
        Assert.Equal(16 * 1024 * 1024, site.MaxResponseBodyBytes);
    }

    [Fact]
    public void NormalizesEveryList()
    {
        var configured = RelayConfiguration.Site(["http://LocalHost:5080/", "http://localhost:5080", "http://127.0.0.1:5080"], "/api/**", "/api/**", "/files/*");
        foreach (var method in new[] { "POST", "GET", "POST" })
        {
            configured.Methods.Add(method);
        }
        foreach (var header in new[] { "X-Request-Id", "x-request-id", "Content-Type" })
        {
            configured.RequestHeaders.Add(header);
            configured.ExposedHeaders.Add(header);
        }

        var site = Assert.Single(RelayPolicy.From(RelayConfiguration.Policy(configured)).Sites);

        Assert.Equal(["http://localhost:5080", "http://127.0.0.1:5080"], site.Origins.Select(origin => origin.Value));
        Assert.Equal(["/api/**", "/files/*"], site.Paths.Select(path => path.Value));
        Assert.Equal(["POST", "GET"], site.Methods);
        Assert.Equal(["x-request-id", "content-type"], site.RequestHeaders);
        Assert.Equal(["x-request-id", "content-type"], site.ExposedHeaders);
    }

    [Fact]
    public void AStarStandsAlone()
    {
        var configured = RelayConfiguration.Site(["https://app.example.com"]);
        configured.Methods.Add("GET");
        configured.Methods.Add("*");
        configured.RequestHeaders.Add("*");
        configured.RequestHeaders.Add("x-a");
        configured.ExposedHeaders.Add("*");

        var site = Assert.Single(RelayPolicy.From(RelayConfiguration.Policy(configured)).Sites);

        Assert.Equal(["*"], site.Methods);
        Assert.Equal(["*"], site.RequestHeaders);
        Assert.Equal(["*"], site.ExposedHeaders);
        Assert.True(site.AllowsMethod("PROPFIND"));
        Assert.True(site.AllowsRequestHeader("x-anything"));
    }

    [Fact]
    public void MethodsAreCaseSensitiveAndHeadersAreNot()
    {
        var configured = RelayConfiguration.Site(["https://app.example.com"]);
        configured.Methods.Add("PATCH");
        configured.RequestHeaders.Add("x-allowed");

        var site = Assert.Single(RelayPolicy.From(RelayConfiguration.Policy(configured)).Sites);

        Assert.True(site.AllowsMethod("PATCH"));
        Assert.False(site.AllowsMethod("patch"));
        Assert.False(site.AllowsMethod("GET"));
        Assert.True(site.AllowsRequestHeader("X-Allowed"));
        Assert.False(site.AllowsRequestHeader("x-other"));
    }

    [Fact]
    public void ExactEntriesComeBeforeWildcardsAndWildcardsBeforeAnyOrigin()
    {
        var options = RelayConfiguration.Policy(
            RelayConfiguration.Site(["*"], "/any/**"),
            RelayConfiguration.Site(["https://*.example.com"], "/wildcard/**"),
            RelayConfiguration.Site(["https://*.app.example.com"], "/narrower-wildcard/**"),
            RelayConfiguration.Site(["https://app.example.com", "https://a.app.example.com"], "/exact/**"),
            RelayConfiguration.Site(["https://app.example.com"], "/second-exact/**"));
        options.AllowAnyOrigin = true;
        options.AllowSubdomainWildcards = true;
        var policy = RelayPolicy.From(options);

        Assert.Equal(3, policy.Match("https://app.example.com")?.Index);
        Assert.Equal(3, policy.Match("https://a.app.example.com")?.Index);
        Assert.Equal(1, policy.Match("https://b.app.example.com")?.Index);
        Assert.Equal(1, policy.Match("https://other.example.com")?.Index);
        Assert.Equal(0, policy.Match("https://example.com")?.Index);
        Assert.Equal(0, policy.Match("http://localhost:5080")?.Index);
        Assert.Null(policy.Match("null"));
        Assert.Null(policy.Match("not an origin"));
    }

    [Fact]
    public void WithoutOpeningEntriesOnlyExactOriginsMatch()
    {
        var policy = RelayPolicy.From(RelayConfiguration.Policy("https://app.example.com"));

        Assert.Equal(0, policy.Match("https://app.example.com")?.Index);
        Assert.Null(policy.Match("https://app.example.com/"));
        Assert.Null(policy.Match("https://APP.example.com"));
        Assert.Null(policy.Match("http://app.example.com"));
        Assert.Null(policy.Match("https://a.app.example.com"));
        Assert.Null(policy.Match("null"));
    }

    [Fact]
    public void OriginEntriesAreEverySitesOriginsOnce()
    {
        var options = RelayConfiguration.Policy(
            RelayConfiguration.Site(["http://localhost:5080", "https://*.example.com"]),
            RelayConfiguration.Site(["http://LOCALHOST:5080", "*", "http://127.0.0.1:5080"]));
        options.AllowAnyOrigin = true;
        options.AllowSubdomainWildcards = true;

        var policy = RelayPolicy.From(options);

        Assert.Equal(["http://localhost:5080", "https://*.example.com", "*", "http://127.0.0.1:5080"], policy.OriginEntries);
    }

    [Fact]
    public void RefusesUnvalidatedOptions() =>
        Assert.Throws<InvalidOperationException>(() => RelayPolicy.From(RelayConfiguration.Policy("https://*.example.com")));
}
