using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.Relay;

/// <summary>
/// The validator's rules, one value at a time, and as a host runs it: options bound from configuration through
/// <c>AddBridgeRelay</c>, every problem reported at once with its full key.
/// </summary>
public sealed class BridgeRelayOptionsValidatorTests
{
    private const string Site0 = "Bridge:Relay:Sites:0";

    [Fact]
    public void AcceptsAPolicyBoundFromConfiguration()
    {
        var configured = RelayConfiguration.Policy(RelayConfiguration.Site(["https://app.example.com", "http://localhost:5080/"], "/api/**", "/"));
        configured.Sites[0].Methods.Add("PATCH");
        configured.Sites[0].RequestHeaders.Add("X-Request-Id");
        configured.Sites[0].ExposedHeaders.Add("*");
        using var services = RelayConfiguration.Services(configured);

        var options = services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value;

        Assert.Equal(["https://app.example.com", "http://localhost:5080/"], Assert.Single(options.Sites).Origins);
    }

    [Fact]
    public void NamesTheKeyAndValueOfABadOrigin()
    {
        using var services = RelayConfiguration.Services(RelayConfiguration.Policy("https://app.example.com", "https://app.example.com/path"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value);

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith($"{Site0}:Origins:1 = \"https://app.example.com/path\" is not an origin: ", failure, StringComparison.Ordinal);
        Assert.EndsWith("Expected scheme://host[:port], e.g. \"https://app.example.com\".", failure, StringComparison.Ordinal);
        Assert.Contains($"{Site0}:Origins:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsEveryProblemAtOnce()
    {
        var good = RelayConfiguration.Site(["https://app.example.com"]);
        var bad = RelayConfiguration.Site(["*", "https://ok.example.com", "null"], "api/**", "/api/**");
        bad.Methods.Add("get");
        bad.RequestHeaders.Add("cookie");
        bad.ExposedHeaders.Add("x bad");
        bad.MaxRequestBodyBytes = 0;
        bad.MaxResponseBodyBytes = -1;
        // Written to configuration by its one non-default setting: a site section without origins or paths.
        var empty = new BridgeRelaySite { MaxRequestBodyBytes = 5 };
        using var services = RelayConfiguration.Services(RelayConfiguration.Policy(good, bad, empty));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value);

        string[] keys =
        [
            "Bridge:Relay:Sites:1:Origins:0 = \"*\"",
            "Bridge:Relay:Sites:1:Origins:2 = \"null\"",
            "Bridge:Relay:Sites:1:Paths:0 = \"api/**\"",
            "Bridge:Relay:Sites:1:Methods:0 = \"get\"",
            "Bridge:Relay:Sites:1:RequestHeaders:0 = \"cookie\"",
            "Bridge:Relay:Sites:1:ExposedHeaders:0 = \"x bad\"",
            "Bridge:Relay:Sites:1:MaxRequestBodyBytes = 0",
            "Bridge:Relay:Sites:1:MaxResponseBodyBytes = -1",
            "Bridge:Relay:Sites:2:Origins is empty",
            "Bridge:Relay:Sites:2:Paths is empty",
        ];
        Assert.Equal(keys.Length, error.Failures.Count());
        foreach (var key in keys)
        {
            Assert.Single(error.Failures, failure => failure.StartsWith(key, StringComparison.Ordinal));
        }
        Assert.DoesNotContain("Sites:0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sites:1:Origins:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sites:1:Paths:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesEmptySites()
    {
        using var services = RelayConfiguration.Services(new BridgeRelayOptions());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BridgeRelayOptions>>().Value);

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Bridge:Relay:Sites is empty, so the relay would serve no site.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesASiteWithoutOriginsOrPaths()
    {
        var failures = Validate(RelayConfiguration.Policy(new BridgeRelaySite()));

        Assert.Equal(2, failures.Count);
        Assert.StartsWith($"{Site0}:Origins is empty", failures[0], StringComparison.Ordinal);
        Assert.StartsWith($"{Site0}:Paths is empty", failures[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", "AllowAnyOrigin")]
    [InlineData("null", "'*' as targetOrigin, which Bridge never uses")]
    [InlineData("https://*.example.com", "AllowSubdomainWildcards")]
    [InlineData("https://app.example.com/", null)]
    public void OpeningOriginsNeedTheirFlag(string origin, string? reason)
    {
        var failures = Validate(RelayConfiguration.Policy(origin));

        if (reason is null)
        {
            Assert.Empty(failures);
        }
        else
        {
            var failure = Assert.Single(failures);
            Assert.StartsWith($"{Site0}:Origins:0 = \"{origin}\" is not an origin: ", failure, StringComparison.Ordinal);
            Assert.Contains(reason, failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AllowAnyOriginAcceptsTheWildcardButNeverNull()
    {
        var options = RelayConfiguration.Policy("*", "null", "https://*.example.com");
        options.AllowAnyOrigin = true;

        var failures = Validate(options);

        Assert.Equal(2, failures.Count);
        Assert.StartsWith($"{Site0}:Origins:1 = \"null\"", failures[0], StringComparison.Ordinal);
        Assert.StartsWith($"{Site0}:Origins:2 = \"https://*.example.com\"", failures[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://*.example.com")]
    [InlineData("HTTPS://*.Example.COM:443/")]
    [InlineData("http://*.example.com:8080")]
    [InlineData("https://*.a.b.example.com")]
    public void AllowSubdomainWildcardsAcceptsAWildcardFirstLabel(string origin)
    {
        var options = RelayConfiguration.Policy(origin);
        options.AllowSubdomainWildcards = true;

        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData("https://*.com", "at least two labels")]
    [InlineData("https://*.localhost", "at least two labels")]
    [InlineData("https://*.*.example.com", "one \"*\"")]
    [InlineData("https://a.*.example.com", "\"*\"")]
    [InlineData("https://*example.com", "\"*\"")]
    [InlineData("https://**.example.com", "\"*\"")]
    [InlineData("*.example.com", "\"*\"")]
    [InlineData("*://example.com", "\"*\"")]
    [InlineData("https://example.com:*", "\"*\"")]
    [InlineData("https://*.example.com/api", "no path")]
    [InlineData("https://*.1.2.3.4", "IP address")]
    [InlineData("ftp://*.example.com", "http or https")]
    [InlineData("*", "AllowAnyOrigin")]
    public void RefusesAMalformedWildcardEvenWithTheFlag(string origin, string reason)
    {
        var options = RelayConfiguration.Policy(origin);
        options.AllowSubdomainWildcards = true;

        var failure = Assert.Single(Validate(options));

        Assert.StartsWith($"{Site0}:Origins:0 = \"{origin}\" is not an origin: ", failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "starts with \"/\"")]
    [InlineData("api/**", "starts with \"/\"")]
    [InlineData(" /api", "starts with \"/\"")]
    [InlineData("/api ", "spaces")]
    [InlineData("/api?x=1", "no query or fragment")]
    [InlineData("/api#top", "no query or fragment")]
    [InlineData("/api/**/edit", "\"**\" may only be the last segment")]
    [InlineData("/**/**", "\"**\" may only be the last segment")]
    [InlineData("/api/./x", "dot segment")]
    [InlineData("/api/..", "dot segment")]
    [InlineData("/api/*.json", "whole segments")]
    [InlineData("/api/a*", "whole segments")]
    [InlineData("/api/***", "whole segments")]
    [InlineData("/api\\x", "\"\\\"")]
    [InlineData("/files/a%20b", "decoded path")]
    public void RefusesABadPathPattern(string pattern, string reason)
    {
        var failure = Assert.Single(Validate(RelayConfiguration.Policy(RelayConfiguration.Site(["https://app.example.com"], "/ok", pattern))));

        Assert.StartsWith($"{Site0}:Paths:1 = \"{pattern}\" is not a path pattern: ", failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
        Assert.Contains("\"/api/**\"", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/**")]
    [InlineData("/api/*")]
    [InlineData("/api/*/edit")]
    [InlineData("/api/items/*/**")]
    [InlineData("/files/a b")]
    [InlineData("/stats/100%")]
    [InlineData("/api/...")]
    public void AcceptsAPathPattern(string pattern) =>
        Assert.Empty(Validate(RelayConfiguration.Policy(RelayConfiguration.Site(["https://app.example.com"], pattern))));

    [Theory]
    [InlineData("get", "write \"GET\"")]
    [InlineData("Patch", "write \"PATCH\"")]
    [InlineData("GET POST", "single HTTP token")]
    [InlineData("GET,POST", "single HTTP token")]
    [InlineData("", "single HTTP token")]
    [InlineData("CONNECT", "forbidden method")]
    [InlineData("TRACE", "forbidden method")]
    [InlineData("track", "forbidden method")]
    public void RefusesABadMethod(string method, string reason)
    {
        var options = RelayConfiguration.Policy("https://app.example.com");
        options.Sites[0].Methods.Add("GET");
        options.Sites[0].Methods.Add(method);

        var failure = Assert.Single(Validate(options));

        Assert.StartsWith($"{Site0}:Methods:1 = \"{method}\" is not a method: ", failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("PATCH")]
    [InlineData("PROPFIND")]
    public void AcceptsAMethod(string method)
    {
        var options = RelayConfiguration.Policy("https://app.example.com");
        options.Sites[0].Methods.Add(method);

        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData("bridge-relay-origin", "the relay sets it")]
    [InlineData("Bridge-Relay-Origin", "the relay sets it")]
    [InlineData("cookie", "AllowCredentials")]
    [InlineData("Cookie", "AllowCredentials")]
    [InlineData("host", "the browser sets it")]
    [InlineData("accept-encoding", "forbidden request header")]
    [InlineData("connection", "forbidden request header")]
    [InlineData("content-length", "forbidden request header")]
    [InlineData("origin", "forbidden request header")]
    [InlineData("referer", "forbidden request header")]
    [InlineData("set-cookie", "forbidden request header")]
    [InlineData("transfer-encoding", "forbidden request header")]
    [InlineData("sec-fetch-site", "forbidden request header")]
    [InlineData("Sec-CH-UA", "forbidden request header")]
    [InlineData("proxy-authorization", "forbidden request header")]
    public void RefusesARequestHeaderThatIsNeverAllowed(string header, string reason)
    {
        var options = RelayConfiguration.Policy("https://app.example.com");
        options.Sites[0].RequestHeaders.Add(header);

        var failure = Assert.Single(Validate(options));

        Assert.StartsWith($"{Site0}:RequestHeaders:0 = \"{header}\" is never allowed: ", failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RequestHeaders", "x bad")]
    [InlineData("RequestHeaders", "x:y")]
    [InlineData("RequestHeaders", "")]
    [InlineData("RequestHeaders", "ünicode")]
    [InlineData("ExposedHeaders", "x bad")]
    [InlineData("ExposedHeaders", "a,b")]
    [InlineData("ExposedHeaders", "")]
    public void RefusesAMalformedHeaderName(string list, string header)
    {
        var options = RelayConfiguration.Policy("https://app.example.com");
        (list == "RequestHeaders" ? options.Sites[0].RequestHeaders : options.Sites[0].ExposedHeaders).Add(header);

        var failure = Assert.Single(Validate(options));

        Assert.StartsWith($"{Site0}:{list}:0 = \"{header}\" is not a header name: ", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("content-type")]
    [InlineData("X-Request-Id")]
    [InlineData("authorization")]
    public void AcceptsARequestHeader(string header)
    {
        var options = RelayConfiguration.Policy("https://app.example.com");
        options.Sites[0].RequestHeaders.Add(header);
        options.Sites[0].ExposedHeaders.Add(header);

        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(1, 0)]
    [InlineData(1, long.MinValue)]
    public void RefusesANonPositiveSize(long request, long response)
    {
        var options = RelayConfiguration.Policy("https://app.example.com");
        options.Sites[0].MaxRequestBodyBytes = request;
        options.Sites[0].MaxResponseBodyBytes = response;

        var failure = Assert.Single(Validate(options));

        var key = request <= 0 ? "MaxRequestBodyBytes" : "MaxResponseBodyBytes";
        Assert.StartsWith($"{Site0}:{key} = {Math.Min(request, response)} must be greater than 0", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Forwarded-For", null)]
    [InlineData("forwarded", null)]
    [InlineData("*", "no wildcard")]
    [InlineData("X Forwarded For", "not a header name")]
    [InlineData("", "not a header name")]
    [InlineData("Cookie", "only with AllowCredentials")]
    [InlineData("bridge-relay-origin", "calling page's origin")]
    public void ChecksEachProxyHeader(string header, string? reason)
    {
        var options = RelayConfiguration.Policy("https://app.example.com");
        options.ProxyHeaders.Add("X-Real-IP");
        options.ProxyHeaders.Add(header);

        var failures = Validate(options);

        if (reason is null)
        {
            Assert.Empty(failures);
            return;
        }
        var failure = Assert.Single(failures);
        Assert.StartsWith($"Bridge:Relay:ProxyHeaders:1 = \"{header}\" ", failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
    }

    private static List<string> Validate(BridgeRelayOptions options)
    {
        var result = new BridgeRelayOptionsValidator().Validate(Options.DefaultName, options);
        return result.Succeeded ? [] : [.. result.Failures ?? []];
    }
}
