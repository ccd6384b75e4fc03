using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bridge.Classic.Proxy;
using Bridge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Classic;

public sealed class ProxyRoutesTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForwardsARouteToItsUpstreamWithOnlyItsHeadersAndNoCookies()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapPost("/api/echo", async (HttpRequest request) => Results.Json(new
        {
            method = request.Method,
            path = request.Path.Value,
            query = request.QueryString.Value,
            body = await new StreamReader(request.Body).ReadToEndAsync(),
            headers = request.Headers.Keys.Select(key => key.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray(),
        })));
        await using var site = await ProxySite.StartAsync(
            ProxySite.Route("echo", upstream.BaseUrl + "/api/echo", methods: "POST", headers: "Accept,Content-Type,X-Trace,X-Hop"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/proxy/echo?x=1") { Content = new StringContent("hi") };
        request.Headers.Add("Cookie", "site-session=secret");
        request.Headers.Add("X-Custom", "not forwarded");
        request.Headers.Add("X-Trace", "forwarded");
        request.Headers.Add("X-Hop", "named in Connection, so not forwarded");
        request.Headers.Connection.Add("X-Hop");

        using var response = await site.Client.SendAsync(request, Cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("POST", echo.RootElement.GetProperty("method").GetString());
        Assert.Equal("/api/echo", echo.RootElement.GetProperty("path").GetString());
        Assert.Equal("?x=1", echo.RootElement.GetProperty("query").GetString());
        Assert.Equal("hi", echo.RootElement.GetProperty("body").GetString());
        var headers = echo.RootElement.GetProperty("headers").EnumerateArray().Select(header => header.GetString()).ToArray();
        Assert.Contains("x-trace", headers);
        Assert.Contains("content-type", headers);
        Assert.DoesNotContain("cookie", headers);
        Assert.DoesNotContain("x-custom", headers);
        Assert.DoesNotContain("x-hop", headers);
    }

    [Fact]
    public async Task DropsSetCookieAndHopByHopResponseHeaders()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/api/hello", (HttpResponse response) =>
        {
            response.Headers.SetCookie = "service-session=secret; Path=/";
            response.Headers["Keep-Alive"] = "timeout=5";
            response.Headers["Proxy-Authenticate"] = "Basic";
            response.Headers["X-Internal"] = "not passed back";
            response.Headers.CacheControl = "no-store";
            return Results.Text("hello", "text/plain");
        }));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("hello", upstream.BaseUrl + "/api/hello"));

        using var response = await site.Client.GetAsync("/proxy/hello", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("Proxy-Authenticate"));
        Assert.False(response.Headers.Contains("X-Internal"));
    }

    [Theory]
    [InlineData("/proxy/nope")]
    [InlineData("/proxy/http%3A%2F%2Fevil.example%2F")]
    public async Task AnUnknownRouteIsNotFoundAndReachesNothing(string path)
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/api/hello", () => "hello"));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("hello", upstream.BaseUrl + "/api/hello"));

        using var response = await site.Client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, upstream.TotalHits);
    }

    [Theory]
    [InlineData("TRACE")]
    [InlineData("DELETE")]
    [InlineData("POST")]
    [InlineData("PROPFIND")]
    public async Task AMethodTheRouteDoesNotListIs405AndSendsNothingUpstream(string method)
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.Map("/api/hello", () => "hello"));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("hello", upstream.BaseUrl + "/api/hello", methods: "GET,HEAD"));

        using var response = await site.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/proxy/hello"), Cancellation);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
        Assert.Contains("forwards GET, HEAD only", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(0, upstream.TotalHits);
        Assert.Contains(site.Log.Entries, entry => entry.EventId.Id == 3 && (string?)entry["Id"] == "hello" && (string?)entry["Method"] == method);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task ARedirectIsA502AndItsTargetGetsNoRequest(int status)
    {
        await using var upstream = await ProxyUpstream.StartAsync(app =>
        {
            app.MapGet("/api/hello", (HttpResponse response) =>
            {
                response.Headers.Location = "/internal/secret";
                return Results.StatusCode(status);
            });
            app.MapGet("/internal/secret", () => "secret");
        });
        await using var site = await ProxySite.StartAsync(ProxySite.Route("hello", upstream.BaseUrl + "/api/hello"));

        using var response = await site.Client.GetAsync("/proxy/hello", Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("redirected", body, StringComparison.Ordinal);
        Assert.Contains("does not follow redirects", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
        Assert.Equal(1, upstream.Hits.GetValueOrDefault("/api/hello"));
        Assert.Equal(0, upstream.Hits.GetValueOrDefault("/internal/secret"));
        Assert.Contains(site.Log.Entries, entry => entry.EventId.Id == 4 && (string?)entry["Id"] == "hello");
    }

    [Fact]
    public async Task ABodyOverTheCapByContentLengthIsA502BeforeAnythingIsSent()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/api/bytes", () => Results.Bytes(new byte[2000], "application/octet-stream")));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("bytes", upstream.BaseUrl + "/api/bytes", maxBytes: 1000));

        using var response = await site.Client.GetAsync("/proxy/bytes", Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("more than 1000 bytes", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Contains(site.Log.Entries, entry => entry.EventId.Id == 5 && (string?)entry["Id"] == "bytes");
    }

    [Fact]
    public async Task AStreamedBodyOverTheCapFailsTheResponseRatherThanEndingItShort()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/api/bytes", async (HttpResponse response) =>
        {
            // No Content-Length: the proxy only finds out by counting.
            response.ContentType = "application/octet-stream";
            var chunk = new byte[16 * 1024];
            for (var i = 0; i < 64; i++)
            {
                await response.Body.WriteAsync(chunk);
                await response.Body.FlushAsync();
            }
        }));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("bytes", upstream.BaseUrl + "/api/bytes", maxBytes: 256 * 1024));

        var exception = await Record.ExceptionAsync(async () =>
        {
            using var response = await site.Client.GetAsync("/proxy/bytes", HttpCompletionOption.ResponseHeadersRead, Cancellation);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // Refused before anything was sent: as good as an abort, as long as it is not a 200.
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
                throw new HttpRequestException("refused");
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(Cancellation);
            Assert.Fail($"The proxy ended the response normally after {bytes.Length} bytes.");
        });

        Assert.True(exception is HttpRequestException or IOException, $"Expected a failed response, got {exception}");
        Assert.Contains(site.Log.Entries, entry => entry.EventId.Id == 5 && (string?)entry["Id"] == "bytes");
    }

    [Fact]
    public async Task AStreamedBodyWithinTheCapIsPassedWhole()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/api/bytes", async (HttpResponse response) =>
        {
            response.ContentType = "application/octet-stream";
            await response.Body.WriteAsync(new byte[100 * 1024]);
        }));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("bytes", upstream.BaseUrl + "/api/bytes", maxBytes: 100 * 1024));

        using var response = await site.Client.GetAsync("/proxy/bytes", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100 * 1024, (await response.Content.ReadAsByteArrayAsync(Cancellation)).Length);
    }

    [Fact]
    public async Task AnUpstreamPastTheTimeoutIsA504()
    {
        using var release = new CancellationTokenSource();
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/api/slow", async (HttpContext context) =>
        {
            // Holds the answer until the test releases it or the proxy gives up on it: no timing of its own.
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (context.RequestAborted.Register(() => released.TrySetResult()))
            using (release.Token.Register(() => released.TrySetResult()))
            {
                await released.Task;
            }
            return "late";
        }));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("slow", upstream.BaseUrl + "/api/slow", timeout: "00:00:00.300"));

        using var response = await site.Client.GetAsync("/proxy/slow", Cancellation);
        await release.CancelAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("did not answer within", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Contains(site.Log.Entries, entry => entry.EventId.Id == 6 && (string?)entry["Id"] == "slow");
    }

    [Fact]
    public async Task AnUnreachableUpstreamIsA502()
    {
        // Held and never listened on: a connection to it is refused, and no server started on port 0 is given it.
        using var deadPort = LoopbackPort.Take();
        await using var site = await ProxySite.StartAsync(ProxySite.Route("hello", $"http://127.0.0.1:{deadPort.Port}/api/hello"));

        using var response = await site.Client.GetAsync("/proxy/hello", Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("could not reach the upstream", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Contains(site.Log.Entries, entry => entry.EventId.Id == 2 && (string?)entry["Id"] == "hello");
    }

    [Fact]
    public async Task LogsNeitherTheQueryNorCookiesNorBodies()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapPost("/api/echo", (HttpResponse response) =>
        {
            response.Headers.Location = "/elsewhere?token=upstream-secret";
            return Results.StatusCode(302);
        }));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("echo", upstream.BaseUrl + "/api/echo", methods: "POST", headers: "Content-Type"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/proxy/echo?token=query-secret") { Content = new StringContent("body-secret") };
        request.Headers.Add("Cookie", "session=cookie-secret");

        using var response = await site.Client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        // The proxy's own log, and the HTTP client's (removed: it would write the upstream URL with the query).
        var entries = site.Log.Entries.Where(entry => !entry.Category.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)).ToList();
        Assert.Contains(entries, entry => entry.Category == typeof(ProxyRoutes).FullName && entry.EventId.Id == 4);
        Assert.All(entries, entry => Assert.DoesNotContain("secret", entry.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.7")]
    [InlineData("169.254.169.254")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::1")]
    public async Task APublicRouteWhoseNameResolvesInternallyIsRefusedAtConnect(string resolvesTo)
    {
        // A real listener on loopback: had the proxy connected to 127.0.0.1, a connection would be pending on it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var network = new FakeOutboundNetwork(new Dictionary<string, IPAddress[]> { ["api.example.test"] = [IPAddress.Parse(resolvesTo)] })
        {
            ConnectTo = new IPEndPoint(IPAddress.Loopback, port),
        };
        await using var site = await ProxySite.StartAsync(
            ProxySite.Route("api", $"http://api.example.test:{port}/v1/hello", isInternal: false), network);

        using var response = await site.Client.GetAsync("/proxy/api", Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("not marked Internal", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Empty(network.Connects);
        Assert.False(listener.Pending(), "the proxy connected to the listener");
        Assert.Contains(site.Log.Entries, entry => entry.EventId.Id == 7 && (string?)entry["Id"] == "api");
    }

    [Fact]
    public async Task APublicRouteConnectsToThePublicAddressItsNameResolvesTo()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/v1/hello", () => "hello"));
        var network = new FakeOutboundNetwork(new Dictionary<string, IPAddress[]>
        {
            ["api.example.test"] = [IPAddress.Parse("10.1.1.1"), IPAddress.Parse("93.184.216.34")],
        })
        {
            ConnectTo = new IPEndPoint(IPAddress.Loopback, upstream.Port),
        };
        await using var site = await ProxySite.StartAsync(
            ProxySite.Route("api", $"http://api.example.test:{upstream.Port}/v1/hello", isInternal: false), network);

        using var response = await site.Client.GetAsync("/proxy/api", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var connect = Assert.Single(network.Connects);
        Assert.Equal(IPAddress.Parse("93.184.216.34"), connect.Address);
    }

    [Fact]
    public async Task AnInternalRouteMayConnectToLoopback()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/api/hello", () => "hello"));
        var network = new FakeOutboundNetwork(new Dictionary<string, IPAddress[]> { ["service.internal.test"] = [IPAddress.Loopback] })
        {
            ConnectTo = new IPEndPoint(IPAddress.Loopback, upstream.Port),
        };
        await using var site = await ProxySite.StartAsync(
            ProxySite.Route("hello", $"http://service.internal.test:{upstream.Port}/api/hello", isInternal: true), network);

        using var response = await site.Client.GetAsync("/proxy/hello", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(IPAddress.Loopback, Assert.Single(network.Connects).Address);
        Assert.Equal(1, upstream.Hits.GetValueOrDefault("/api/hello"));
        Assert.Contains(site.Log.Entries, entry => entry.EventId.Id == 8 && (string?)entry["Id"] == "hello");
    }

    [Fact]
    public async Task APublicRouteToALiteralLoopbackAddressIsRefusedToo()
    {
        await using var upstream = await ProxyUpstream.StartAsync(app => app.MapGet("/api/hello", () => "hello"));
        await using var site = await ProxySite.StartAsync(ProxySite.Route("hello", upstream.BaseUrl + "/api/hello", isInternal: false));

        using var response = await site.Client.GetAsync("/proxy/hello", Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, upstream.TotalHits);
        Assert.DoesNotContain(site.Log.Entries, entry => entry.Level >= LogLevel.Error);
    }
}
