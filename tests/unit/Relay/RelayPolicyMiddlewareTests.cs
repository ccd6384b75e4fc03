using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Relay;

/// <summary>The server-side enforcement, built around a <see cref="DefaultHttpContext"/> as ASP.NET Core's CORS tests do.</summary>
public sealed class RelayPolicyMiddlewareTests
{
    private const string Origin = "https://app.example.com";
    private const string Relayed = "bridge.relay.requests.relayed";
    private const string Refused = "bridge.relay.requests.refused";
    private const string Failed = "bridge.relay.requests.failed";

    /// <summary>Every value a refused request carries that must never reach a log.</summary>
    private const string Secret = "s3cr3t";

    [Theory]
    [InlineData("GET", "/api/hello", "https://evil.example.com", null, null, "origin-not-allowed")]
    [InlineData("GET", "/api/hello", "https://app.example.com.evil.example", null, null, "origin-not-allowed")]
    [InlineData("GET", "/api/hello", "null", null, null, "origin-not-allowed")]
    [InlineData("GET", "/api/hello", "", null, null, "origin-not-allowed")]
    [InlineData("GET", "/api/hello", Origin, "Sec-Fetch-Site", "cross-site", "origin-not-allowed")]
    [InlineData("GET", "/api/hello", Origin, "Sec-Fetch-Site", "same-site", "origin-not-allowed")]
    [InlineData("GET", "/admin", Origin, null, null, "path-not-allowed")]
    [InlineData("GET", "/api/hello/", Origin, null, null, "path-not-allowed")]
    [InlineData("GET", "/api/Hello", Origin, null, null, "path-not-allowed")]
    [InlineData("GET", "/api/items", Origin, null, null, "path-not-allowed")]
    [InlineData("GET", "/api/items/1%2F2", Origin, null, null, "path-not-allowed")]
    [InlineData("GET", "/api/open/%2e%2e/%2e%2e/admin", Origin, null, null, "path-not-allowed")]
    [InlineData("GET", "/api/open/%ff", Origin, null, null, "path-not-allowed")]
    [InlineData("DELETE", "/api/hello", Origin, null, null, "method-not-allowed")]
    [InlineData("get", "/api/hello", Origin, null, null, "method-not-allowed")]
    [InlineData("POST", "/api/hello", Origin, "X-Other", "1", "header-not-allowed")]
    [InlineData("GET", "/api/hello", Origin, "Content-Language", "en", "header-not-allowed")]
    [InlineData("GET", "/api/hello", Origin, "Authorization", "Bearer " + Secret, "header-not-allowed")]
    [InlineData("GET", "/api/hello", Origin, "Cookie", "session=" + Secret, "credentials-not-allowed")]
    [InlineData("POST", "/api/hello", Origin, "Content-Length", "1025", "too-large")]
    public async Task RefusesWith403AProblemALogEntryAndACount(
        string method, string path, string origin, string? header, string? value, string reason)
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var context = harness.Request(method, path + "?token=" + Secret, origin);
        if (header is not null)
        {
            context.Request.Headers[header] = value;
        }

        await harness.InvokeAsync(context);

        Assert.False(harness.NextRan);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        using var problem = JsonDocument.Parse(RelayMiddlewareHarness.ResponseBody(context));
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.Null(context.GetBridgeRelayOrigin());

        var entry = Assert.Single(harness.Logs.Entries, entry => entry.Category == typeof(RelayPolicyMiddleware).FullName);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(reason, entry["Reason"]);
        Assert.Equal(origin, entry["Origin"]);
        Assert.Equal(method, entry["Method"]);
        Assert.Equal(path, entry["Path"]);
        Assert.DoesNotContain(Secret, entry.Message, StringComparison.Ordinal);

        Assert.Equal(1, harness.Metrics.Sum(Refused, "reason", reason));
        Assert.Equal(1, harness.Metrics.Sum(Refused));
        Assert.Equal(0, harness.Metrics.Sum(Relayed));
    }

    [Fact]
    public async Task RefusesAnOriginHeaderSentTwice()
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var context = harness.Request("GET", "/api/hello", Origin);
        context.Request.Headers[RelayHeaders.Origin] = new[] { Origin, Origin };

        await harness.InvokeAsync(context);

        Assert.False(harness.NextRan);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.Equal(1, harness.Metrics.Sum(Refused, "reason", "origin-not-allowed"));
    }

    [Fact]
    public async Task AcceptsAnAllowedRequestAndTellsTheAppItsOrigin()
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var context = harness.Request("POST", "/api/items/42?x=1", Origin);
        var headers = context.Request.Headers;
        headers["X-Allowed"] = "1";
        headers.ContentType = "application/json";
        headers.ContentLength = 1024;
        // What Chromium adds to a same-origin fetch by itself.
        headers.Host = "service.example.com";
        headers.UserAgent = "Mozilla/5.0";
        headers.Accept = "*/*";
        headers.AcceptEncoding = "gzip, deflate, br";
        headers.AcceptLanguage = "en";
        headers.Connection = "keep-alive";
        headers.Origin = "https://service.example.com";
        headers.Referer = "https://service.example.com/bridge/relay.html";
        headers["Sec-Fetch-Site"] = "same-origin";
        headers["Sec-Fetch-Mode"] = "same-origin";
        headers["Sec-Fetch-Dest"] = "empty";
        headers["sec-ch-ua"] = "\"Chromium\";v=\"140\"";
        headers["Priority"] = "u=1, i";
        headers.CacheControl = "no-cache";
        headers.Pragma = "no-cache";
        headers.IfNoneMatch = "\"x\"";
        headers.Range = "bytes=0-1";
        string? seenByApp = null;

        await harness.InvokeAsync(context, next => { seenByApp = next.GetBridgeRelayOrigin(); return Task.CompletedTask; });

        Assert.True(harness.NextRan);
        Assert.Equal(Origin, seenByApp);
        Assert.Equal(Origin, context.GetBridgeRelayOrigin());
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(1, harness.Metrics.Sum(Relayed));
        Assert.Equal(0, harness.Metrics.Sum(Refused));
        Assert.Equal(0, harness.Metrics.Sum(Failed));
        Assert.Empty(harness.Logs.AtLevel(LogLevel.Warning));
    }

    [Fact]
    public async Task PassesARequestWithoutTheHeaderUntouched()
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var context = harness.Request("DELETE", "/admin/%2e%2e/x", origin: null);
        context.Request.Headers.Cookie = "session=1";
        context.Request.Headers["X-Other"] = "1";
        context.Request.ContentLength = 10_000;
        var bodySize = new BodySizeFeature(30_000_000);
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(bodySize);

        await harness.InvokeAsync(context, next => { next.Response.StatusCode = 500; return Task.CompletedTask; });

        Assert.True(harness.NextRan);
        Assert.Equal(500, context.Response.StatusCode);
        Assert.Null(context.GetBridgeRelayOrigin());
        Assert.Same(bodySize, context.Features.Get<IHttpMaxRequestBodySizeFeature>());
        Assert.Equal(30_000_000, bodySize.MaxRequestBodySize);
        Assert.Equal(0, harness.Metrics.Sum(Relayed) + harness.Metrics.Sum(Refused) + harness.Metrics.Sum(Failed));
        Assert.DoesNotContain(harness.Logs.Entries, entry => entry.Category == typeof(RelayPolicyMiddleware).FullName);
    }

    [Fact]
    public async Task AHeaderAProxyAddsIsRefusedNamingProxyHeadersAndPassesOnceListed()
    {
        using var unlisted = new RelayMiddlewareHarness(RestrictedPolicy());
        var refused = unlisted.Request("GET", "/api/hello", Origin);
        refused.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        await unlisted.InvokeAsync(refused);
        var policy = RestrictedPolicy();
        policy.ProxyHeaders.Add("X-Forwarded-For");
        using var listed = new RelayMiddlewareHarness(policy);
        var passed = listed.Request("GET", "/api/hello", Origin);
        passed.Request.Headers["x-forwarded-for"] = "203.0.113.7";
        var other = listed.Request("GET", "/api/hello", Origin);
        other.Request.Headers["X-Other"] = "1";

        await listed.InvokeAsync(passed);
        await listed.InvokeAsync(other);

        Assert.Equal(StatusCodes.Status403Forbidden, refused.Response.StatusCode);
        using (var problem = JsonDocument.Parse(RelayMiddlewareHarness.ResponseBody(refused)))
        {
            Assert.Contains("list it in Bridge:Relay:ProxyHeaders", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(StatusCodes.Status200OK, passed.Response.StatusCode);
        Assert.Equal(StatusCodes.Status403Forbidden, other.Response.StatusCode);
        using (var problem = JsonDocument.Parse(RelayMiddlewareHarness.ResponseBody(other)))
        {
            Assert.DoesNotContain("ProxyHeaders", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(1, listed.Metrics.Sum(Relayed));
    }

    [Fact]
    public async Task SendsCookiesOnlyForASiteThatAllowsCredentials()
    {
        var policy = RestrictedPolicy();
        policy.Sites[0].AllowCredentials = true;
        using var harness = new RelayMiddlewareHarness(policy);
        var context = harness.Request("GET", "/api/hello", Origin);
        context.Request.Headers.Cookie = "session=1";

        await harness.InvokeAsync(context);

        Assert.True(harness.NextRan);
        Assert.Equal(1, harness.Metrics.Sum(Relayed));
    }

    [Theory]
    [InlineData("https://a.example.org", 1)]
    [InlineData("https://a.b.example.org", 1)]
    [InlineData("http://localhost:5080", 2)]
    public async Task AppliesTheMatchingSitesPolicy(string origin, int site)
    {
        var options = RelayConfiguration.Policy(
            RestrictedPolicy().Sites[0],
            RelayConfiguration.Site(["https://*.example.org"], "/wildcard/**"),
            RelayConfiguration.Site(["*"], "/any/**"));
        options.AllowAnyOrigin = true;
        options.AllowSubdomainWildcards = true;
        using var harness = new RelayMiddlewareHarness(options);
        var allowed = harness.Request("GET", site == 1 ? "/wildcard/x" : "/any/x", origin);
        var otherSitesPath = harness.Request("GET", "/api/hello", origin);

        await harness.InvokeAsync(allowed);
        await harness.InvokeAsync(otherSitesPath);

        Assert.Equal(origin, allowed.GetBridgeRelayOrigin());
        Assert.Equal(StatusCodes.Status403Forbidden, otherSitesPath.Response.StatusCode);
        Assert.Equal(1, harness.Metrics.Sum(Refused, "reason", "path-not-allowed"));
    }

    [Fact]
    public async Task CapsTheServersBodyLimitAtTheSitesMaximum()
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var context = harness.Request("POST", "/api/hello", Origin);
        context.Request.Headers.TransferEncoding = "chunked";
        var server = new BodySizeFeature(30_000_000);
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(server);
        long? afterRaising = null;
        long? afterLowering = null;

        await harness.InvokeAsync(context, next =>
        {
            var limit = next.Features.Get<IHttpMaxRequestBodySizeFeature>()!;
            Assert.Equal(1024, limit.MaxRequestBodySize);
            // An upload endpoint raising its own limit cannot go past the policy; it may still lower it.
            limit.MaxRequestBodySize = 32 * 1024 * 1024;
            afterRaising = server.MaxRequestBodySize;
            limit.MaxRequestBodySize = null;
            Assert.Equal(1024, server.MaxRequestBodySize);
            limit.MaxRequestBodySize = 100;
            afterLowering = server.MaxRequestBodySize;
            return Task.CompletedTask;
        });

        Assert.Equal(1024, afterRaising);
        Assert.Equal(100, afterLowering);
    }

    [Fact]
    public async Task KeepsALowerServerBodyLimit()
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var context = harness.Request("POST", "/api/hello", Origin);
        var server = new BodySizeFeature(10);
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(server);

        await harness.InvokeAsync(context);

        Assert.Equal(10, server.MaxRequestBodySize);
    }

    [Theory]
    [InlineData(500, 1)]
    [InlineData(503, 1)]
    [InlineData(499, 0)]
    [InlineData(204, 0)]
    public async Task CountsA5xxAnswerAsFailed(int status, int failed)
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var context = harness.Request("GET", "/api/hello", Origin);

        await harness.InvokeAsync(context, next => { next.Response.StatusCode = status; return Task.CompletedTask; });

        Assert.Equal(1, harness.Metrics.Sum(Relayed));
        Assert.Equal(failed, harness.Metrics.Sum(Failed));
    }

    [Fact]
    public async Task CountsAnExceptionAsFailedAndLetsItThrough()
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var context = harness.Request("GET", "/api/hello", Origin);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.InvokeAsync(context, _ => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", error.Message);
        Assert.Equal(1, harness.Metrics.Sum(Relayed));
        Assert.Equal(1, harness.Metrics.Sum(Failed));
    }

    [Fact]
    public async Task DoesNotCountTheCallersFaultsAsFailed()
    {
        using var harness = new RelayMiddlewareHarness(RestrictedPolicy());
        var notFound = harness.Request("GET", "/api/hello", Origin);
        var tooLarge = harness.Request("POST", "/api/hello", Origin);
        var aborted = harness.Request("GET", "/api/hello", Origin);
        using var abort = new CancellationTokenSource();
        aborted.RequestAborted = abort.Token;
        await abort.CancelAsync();

        await harness.InvokeAsync(notFound, next => { next.Response.StatusCode = 404; return Task.CompletedTask; });
        await Assert.ThrowsAsync<BadHttpRequestException>(() =>
            harness.InvokeAsync(tooLarge, _ => throw new BadHttpRequestException("Request body too large.", 413)));
        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            harness.InvokeAsync(aborted, next => throw new OperationCanceledException(next.RequestAborted)));

        Assert.Equal(3, harness.Metrics.Sum(Relayed));
        Assert.Equal(0, harness.Metrics.Sum(Failed));
    }

    [Fact]
    public async Task AddBridgeRelayPutsItInFrontOfTheApp()
    {
        var reachedApp = new List<string>();
        await using var host = await RelayTestHost.StartAsync(RestrictedPolicy(), map: app =>
        {
            app.Use((context, next) =>
            {
                lock (reachedApp)
                {
                    reachedApp.Add(context.Request.Path);
                }
                return next(context);
            });
            app.MapGet("/admin", () => "admin");
            app.MapGet("/api/hello", (HttpContext context) => context.GetBridgeRelayOrigin() ?? "not relayed");
        });
        var cancellation = TestContext.Current.CancellationToken;

        using var refused = new HttpRequestMessage(HttpMethod.Get, "/admin");
        refused.Headers.Add(RelayHeaders.Origin, Origin);
        using var refusedResponse = await host.Client.SendAsync(refused, cancellation);
        using var accepted = new HttpRequestMessage(HttpMethod.Get, "/api/hello");
        accepted.Headers.Add(RelayHeaders.Origin, Origin);
        using var acceptedResponse = await host.Client.SendAsync(accepted, cancellation);
        var direct = await host.Client.GetStringAsync(new Uri("/admin", UriKind.Relative), cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, refusedResponse.StatusCode);
        Assert.Equal(Origin, await acceptedResponse.Content.ReadAsStringAsync(cancellation));
        Assert.Equal("admin", direct);
        Assert.Equal(["/api/hello", "/admin"], reachedApp);
    }

    /// <summary>Like the e2e tests' restricted site: a few paths, GET and POST, two request headers, no cookies, 1 KiB.</summary>
    private static BridgeRelayOptions RestrictedPolicy()
    {
        var site = RelayConfiguration.Site([Origin], "/api/hello", "/api/items/*", "/api/open/**");
        site.Methods.Add("GET");
        site.Methods.Add("POST");
        site.RequestHeaders.Add("content-type");
        site.RequestHeaders.Add("x-allowed");
        site.MaxRequestBodyBytes = 1024;
        return RelayConfiguration.Policy(site);
    }

    private sealed class BodySizeFeature(long? limit) : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; } = limit;
    }
}
