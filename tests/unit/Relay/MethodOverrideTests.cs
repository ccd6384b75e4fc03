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
/// A service that honours method overrides (<c>UseHttpMethodOverride</c>, by header and by form field) behind
/// <c>AddBridgeRelay</c>: a relayed POST may become only a method its site allows, or the DELETE endpoint would run
/// for a site whose policy lists GET and POST alone.
/// </summary>
public sealed class MethodOverrideTests
{
    private const string Origin = "https://app.example.com";
    private const string Refused = "bridge.relay.requests.refused";
    private const string FormPath = "/api/form/items/1";
    private const string HeaderPath = "/api/items/1";

    [Theory]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("X-HTTP-Method")]
    [InlineData("X-Method-Override")]
    [InlineData("x-http-method-override")]
    public async Task AnOverrideHeaderNamingAMethodTheSiteDoesNotAllowIsRefused(string header)
    {
        var service = new Service();
        await using var host = await service.StartAsync(GetAndPost());

        using var response = await Service.SendAsync(host, HttpMethod.Post, HeaderPath, request => request.Headers.Add(header, "DELETE"));

        await AssertRefusedAsync(service, response, "method-not-allowed", "POST",
            header.ToLowerInvariant(), "\"DELETE\"", "Bridge:Relay:Sites:0:Methods", "in place of POST");
        Assert.Equal(0, service.Deletes);
        Assert.Equal(0, service.Posts);
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("GET, DELETE")]
    [InlineData(" DELETE")]
    public async Task AnOverrideHeaderIsComparedExactly(string value)
    {
        var service = new Service();
        await using var host = await service.StartAsync(GetAndPost());

        using var response = await Service.SendAsync(host, HttpMethod.Post, HeaderPath,
            request => request.Headers.TryAddWithoutValidation("X-HTTP-Method-Override", value));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, service.Deletes + service.Posts + service.Gets);
    }

    [Fact]
    public async Task AFormFieldNamingAMethodTheSiteDoesNotAllowIsRefused()
    {
        var service = new Service();
        await using var host = await service.StartAsync(GetAndPost());

        using var response = await Service.SendAsync(host, HttpMethod.Post, FormPath,
            request => request.Content = new FormUrlEncodedContent([new("_method", "DELETE")]));

        await AssertRefusedAsync(service, response, "method-not-allowed", "POST",
            "DELETE", "_method", "Bridge:Relay:Sites:0:Methods", "in place of POST");
        Assert.Equal(0, service.Deletes);
        Assert.Equal(0, service.Posts);
    }

    [Fact]
    public async Task ARefusalAnExceptionHandlerInTheAppCatchesIsStillLoggedAndCountedAndTheDeleteNeverRuns()
    {
        var service = new Service { ExceptionHandler = true };
        await using var host = await service.StartAsync(GetAndPost());

        using var response = await Service.SendAsync(host, HttpMethod.Post, FormPath,
            request => request.Content = new FormUrlEncodedContent([new("_method", "DELETE")]));

        // The app's handler answered (its own 500): not the relay's problem body, but the DELETE did not run.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, service.Deletes + service.Posts);
        var entry = Assert.Single(service.Logs.Entries, entry => entry.Category == typeof(RelayPolicyMiddleware).FullName);
        Assert.Equal("method-not-allowed", entry["Reason"]);
        Assert.Equal(1, service.Metrics!.Sum(Refused, "reason", "method-not-allowed"));
    }

    [Fact]
    public async Task AnOverrideToAnAllowedMethodStillWorks()
    {
        var service = new Service();
        await using var host = await service.StartAsync(GetAndPost());

        using var byHeader = await Service.SendAsync(host, HttpMethod.Post, HeaderPath, request => request.Headers.Add("X-HTTP-Method-Override", "GET"));
        using var byForm = await Service.SendAsync(host, HttpMethod.Post, FormPath,
            request => request.Content = new FormUrlEncodedContent([new("_method", "GET")]));
        using var notOverridden = await Service.SendAsync(host, HttpMethod.Post, FormPath,
            request => request.Content = new FormUrlEncodedContent([new("name", "x")]));

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byForm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, notOverridden.StatusCode);
        Assert.Equal(2, service.Gets);
        Assert.Equal(1, service.Posts);
        Assert.Equal(0, service.Deletes);
        Assert.Equal(0, service.Metrics!.Sum(Refused));
    }

    [Fact]
    public async Task AnOverrideToDeleteRunsTheDeleteWhereTheSiteAllowsDelete()
    {
        // The control: the overrides really reach the DELETE endpoint, so the refusals above are the policy's doing.
        var service = new Service();
        var policy = GetAndPost();
        policy.Sites[0].Methods.Add("DELETE");
        await using var host = await service.StartAsync(policy);

        using var byHeader = await Service.SendAsync(host, HttpMethod.Post, HeaderPath, request => request.Headers.Add("X-HTTP-Method-Override", "DELETE"));
        using var byForm = await Service.SendAsync(host, HttpMethod.Post, FormPath,
            request => request.Content = new FormUrlEncodedContent([new("_method", "DELETE")]));

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byForm.StatusCode);
        Assert.Equal(2, service.Deletes);
    }

    [Fact]
    public async Task AnOverrideOfARequestThatIsNotRelayedIsTheAppsBusiness()
    {
        var service = new Service();
        await using var host = await service.StartAsync(GetAndPost());

        using var request = new HttpRequestMessage(HttpMethod.Post, FormPath) { Content = new FormUrlEncodedContent([new("_method", "DELETE")]) };
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, service.Deletes);
    }

    private static async Task AssertRefusedAsync(
        Service service, HttpResponseMessage response, string reason, string loggedMethod, params string[] detailNames)
    {
        var cancellation = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        foreach (var name in detailNames)
        {
            Assert.True(detail.Contains(name, StringComparison.Ordinal), $"\"{name}\" is not in: {detail}");
        }
        var entry = Assert.Single(service.Logs.Entries, entry => entry.Category == typeof(RelayPolicyMiddleware).FullName);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(reason, entry["Reason"]);
        Assert.Equal(Origin, entry["Origin"]);
        Assert.Equal(loggedMethod, entry["Method"]);
        Assert.Equal(1, service.Metrics!.Sum(Refused, "reason", reason));
    }

    /// <summary>A site allowed GET and POST with any request header: what the method-override findings need.</summary>
    private static BridgeRelayOptions GetAndPost()
    {
        var site = RelayConfiguration.Site([Origin]);
        site.Methods.Add("GET");
        site.Methods.Add("POST");
        site.RequestHeaders.Add("*");
        return RelayConfiguration.Policy(site);
    }

    /// <summary>
    /// A service that honours <c>X-HTTP-Method-Override</c> under <c>/api/items</c> and the form field <c>_method</c>
    /// under <c>/api/form</c> (before routing, as the override middleware requires), counting what each endpoint ran.
    /// </summary>
    private sealed class Service
    {
        private static readonly string[] Prefixes = ["/api", "/api/form"];

        private int gets;
        private int posts;
        private int deletes;

        public LogRecorder Logs { get; } = new();

        public MetricRecorder? Metrics { get; private set; }

        /// <summary>Whether the app puts an exception handler of its own in front of the override.</summary>
        public bool ExceptionHandler { get; init; }

        public int Gets => Volatile.Read(ref gets);

        public int Posts => Volatile.Read(ref posts);

        public int Deletes => Volatile.Read(ref deletes);

        public async Task<RelayTestHost> StartAsync(BridgeRelayOptions policy)
        {
            var host = await RelayTestHost.StartAsync(policy, logs: Logs, map: app =>
            {
                if (ExceptionHandler)
                {
                    app.UseExceptionHandler(new ExceptionHandlerOptions
                    {
                        ExceptionHandler = context =>
                        {
                            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                            return Task.CompletedTask;
                        },
                    });
                }
                app.UseWhen(
                    context => context.Request.Path.StartsWithSegments("/api/form", StringComparison.Ordinal),
                    branch => branch.UseHttpMethodOverride(new HttpMethodOverrideOptions { FormFieldName = "_method" }));
                app.UseWhen(
                    context => !context.Request.Path.StartsWithSegments("/api/form", StringComparison.Ordinal),
                    branch => branch.UseHttpMethodOverride());
                app.UseRouting();
                foreach (var prefix in Prefixes)
                {
                    app.MapGet(prefix + "/items/{id}", () => { Interlocked.Increment(ref gets); return "get"; });
                    app.MapPost(prefix + "/items/{id}", () => { Interlocked.Increment(ref posts); return "post"; });
                    app.MapDelete(prefix + "/items/{id}", () => { Interlocked.Increment(ref deletes); return "deleted"; });
                }
            });
            Metrics = new MetricRecorder(host.Services.GetRequiredService<IMeterFactory>());
            return host;
        }

        public static async Task<HttpResponseMessage> SendAsync(RelayTestHost host, HttpMethod method, string path, Action<HttpRequestMessage> configure)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add(RelayHeaders.Origin, Origin);
            configure(request);
            return await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }
}
