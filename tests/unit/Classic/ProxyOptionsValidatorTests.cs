using Bridge.Classic.Proxy;
using Bridge.UnitTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.Classic;

public sealed class ProxyOptionsValidatorTests
{
    [Fact]
    public void AcceptsTheDemosRoutes()
    {
        var options = new ProxyOptions();
        options.Routes["hello"] = new ProxyRouteOptions { Upstream = "http://localhost:5081/api/hello", Methods = ["GET", "HEAD"], RequestHeaders = ["Accept"], Internal = true };

        Assert.True(new ProxyOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void ReportsEveryProblemAtOnceNamingEachKeyAndValue()
    {
        var options = new ProxyOptions();
        options.Routes["bad url"] = new ProxyRouteOptions { Upstream = "not a url", Methods = ["GET"] };
        options.Routes["ftp"] = new ProxyRouteOptions { Upstream = "ftp://files.example.com/x", Methods = ["get", "TRACE", "*"] };
        options.Routes["limits"] = new ProxyRouteOptions
        {
            Upstream = "https://api.example.com/v1?key=1",
            Methods = [],
            MaxResponseBodyBytes = 0,
            Timeout = TimeSpan.FromSeconds(-1),
            RequestHeaders = ["Cookie", "Connection", "*", "Bridge-Relay-Origin", "Proxy-Authorization"],
        };
        options.Routes["empty"] = null;
        options.Routes["days"] = new ProxyRouteOptions { Upstream = "https://api.example.com/v1", Methods = ["GET"], Timeout = TimeSpan.FromDays(30) };

        var result = new ProxyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        string[] expected =
        [
            "Demo:Proxy:Routes:bad url: \"bad url\" is not a route id",
            "Demo:Proxy:Routes:bad url:Upstream = \"not a url\" is not an absolute URL",
            "Demo:Proxy:Routes:ftp:Upstream = \"ftp://files.example.com/x\" has the scheme \"ftp\"",
            "Demo:Proxy:Routes:ftp:Methods:0 = \"get\" is not in upper case",
            "Demo:Proxy:Routes:ftp:Methods:1 = \"TRACE\" is never forwarded",
            "Demo:Proxy:Routes:ftp:Methods:2 = \"*\" is not a method",
            "Demo:Proxy:Routes:limits:Upstream = \"https://api.example.com/v1?key=1\" has a query",
            "Demo:Proxy:Routes:limits:Methods is empty",
            "Demo:Proxy:Routes:limits:MaxResponseBodyBytes = 0 is not a size",
            "Demo:Proxy:Routes:limits:Timeout = -00:00:01 is not a timeout",
            "Demo:Proxy:Routes:limits:RequestHeaders:0 = \"Cookie\" is never forwarded",
            "Demo:Proxy:Routes:limits:RequestHeaders:1 = \"Connection\" is hop-by-hop",
            "Demo:Proxy:Routes:limits:RequestHeaders:2 = \"*\" is not a header name",
            "Demo:Proxy:Routes:limits:RequestHeaders:3 = \"Bridge-Relay-Origin\" is the relay's verified origin",
            "Demo:Proxy:Routes:limits:RequestHeaders:4 = \"Proxy-Authorization\" is hop-by-hop",
            "Demo:Proxy:Routes:empty is empty",
            "Demo:Proxy:Routes:days:Timeout = 30.00:00:00 is not a timeout",
        ];
        FailureAssert.StartExactly(failures, expected);
    }

    [Fact]
    public async Task ABadRouteStopsStartUpWithEveryProblem()
    {
        var configuration = ProxySite.Route("hello", "file:///etc/passwd", methods: "TRACE", maxBytes: -1);

        await using var app = ProxySite.Build(configuration, network: null, out _);
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(exception.Failures, failure => failure.StartsWith("Demo:Proxy:Routes:hello:Upstream = \"file:///etc/passwd\"", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.StartsWith("Demo:Proxy:Routes:hello:Methods:0 = \"TRACE\"", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.StartsWith("Demo:Proxy:Routes:hello:MaxResponseBodyBytes = -1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownKeyStopsStartUp()
    {
        var configuration = ProxySite.Route("hello", "http://localhost:5081/api/hello");
        configuration["Demo:Proxy:Routes:hello:MaxResponseBytes"] = "10";

        await using var app = ProxySite.Build(configuration, network: null, out _);
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        var messages = string.Join(" / ", Chain(exception).Select(inner => inner.Message));
        Assert.True(messages.Contains("'MaxResponseBytes'", StringComparison.Ordinal), messages);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
