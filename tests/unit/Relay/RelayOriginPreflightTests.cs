using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Relay;

/// <summary>
/// <c>Bridge-Relay-Origin</c> is trusted because a page on another origin cannot send it without a CORS preflight
/// granting it. The host refuses every such preflight itself, so no CORS policy of the app's, however open, grants it.
/// </summary>
public sealed class RelayOriginPreflightTests
{
    private const string Page = "https://evil.example";
    private const string Refused = "bridge.relay.requests.refused";

    [Theory]
    [InlineData("bridge-relay-origin")]
    [InlineData("Bridge-Relay-Origin")]
    [InlineData("BRIDGE-RELAY-ORIGIN")]
    [InlineData("content-type,bridge-relay-origin")]
    [InlineData("bridge-relay-origin,x-other")]
    [InlineData("x-a, Bridge-Relay-Origin , x-b")]
    [InlineData("x-a,,  bridge-relay-origin")]
    public async Task APreflightForTheOriginHeaderIsRefusedWhereTheAppsCorsGrantsEveryHeader(string requested)
    {
        var app = new OpenCorsApp();
        await using var host = await app.StartAsync();

        using var response = await Preflight(host, requested);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var cancellation = TestContext.Current.CancellationToken;
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        Assert.Equal("header-not-allowed", problem.RootElement.GetProperty("reason").GetString());
        Assert.Contains("Bridge-Relay-Origin", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, app.ReachedApp);
        var entry = Assert.Single(app.Logs.Entries, entry => entry.Category == typeof(RelayPolicyMiddleware).FullName);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("header-not-allowed", entry["Reason"]);
        Assert.Equal(Page, entry["Origin"]);
        Assert.Equal("OPTIONS", entry["Method"]);
        Assert.Equal(1, app.Metrics!.Sum(Refused, "reason", "header-not-allowed"));
    }

    [Theory]
    [InlineData("content-type, x-other")]
    [InlineData("bridge-relay-origin-x")]
    [InlineData("x-bridge-relay-origin")]
    public async Task AnyOtherPreflightIsTheAppsCorsBusiness(string requested)
    {
        var app = new OpenCorsApp();
        await using var host = await app.StartAsync();

        using var response = await Preflight(host, requested);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var granted = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal(requested.Split(',', StringSplitOptions.TrimEntries), granted);
        Assert.Equal(0, app.Metrics!.Sum(Refused));
        Assert.DoesNotContain(app.Logs.Entries, entry => entry.Category == typeof(RelayPolicyMiddleware).FullName);
    }

    [Fact]
    public async Task AnOptionsRequestThatIsNotAPreflightIsNotRefusedForTheList()
    {
        // Without Access-Control-Request-Method it is no preflight: CORS grants nothing on it, and the app answers it.
        var app = new OpenCorsApp();
        await using var host = await app.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/hello");
        request.Headers.Add("Origin", Page);
        request.Headers.Add("Access-Control-Request-Headers", "bridge-relay-origin");

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, app.Metrics!.Sum(Refused));
    }

    private static async Task<HttpResponseMessage> Preflight(RelayTestHost host, string requestedHeaders)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/hello");
        request.Headers.Add("Origin", Page);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", requestedHeaders);
        return await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>An app whose CORS policy grants any origin, method and header, counting what reaches it.</summary>
    private sealed class OpenCorsApp
    {
        private int reachedApp;

        public LogRecorder Logs { get; } = new();

        public MetricRecorder? Metrics { get; private set; }

        public int ReachedApp => Volatile.Read(ref reachedApp);

        public async Task<RelayTestHost> StartAsync()
        {
            var host = await RelayTestHost.StartAsync(
                RelayConfiguration.Policy("https://app.example.com"),
                logs: Logs,
                configure: builder => builder.Services.AddCors(cors =>
                    cors.AddDefaultPolicy(policy => policy.AllowAnyOrigin().AllowAnyMethod().AllowAnyHeader())),
                map: app =>
                {
                    app.Use((context, next) =>
                    {
                        Interlocked.Increment(ref reachedApp);
                        return next(context);
                    });
                    app.UseCors();
                    app.MapGet("/api/hello", () => "hello");
                });
            Metrics = new MetricRecorder(host.Services.GetRequiredService<IMeterFactory>());
            return host;
        }
    }
}
