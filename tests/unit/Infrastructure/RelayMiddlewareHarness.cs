using System.Diagnostics.Metrics;
using Bridge.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.UnitTests.Infrastructure;

/// <summary>The middleware as the startup filter builds it, with its logs and counters recorded.</summary>
internal sealed class RelayMiddlewareHarness : IDisposable
{
    private readonly ServiceProvider services;

    public RelayMiddlewareHarness(BridgeRelayOptions policy)
    {
        services = RelayConfiguration.Services(policy, logs: Logs);
        Metrics = new MetricRecorder(services.GetRequiredService<IMeterFactory>());
    }

    public LogRecorder Logs { get; } = new();

    public MetricRecorder Metrics { get; }

    public bool NextRan { get; private set; }

    /// <summary>A request as a server hands it over: the raw target as sent, and the origin header when given.</summary>
    public DefaultHttpContext Request(string method, string rawTarget, string? origin)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = PathString.FromUriComponent(query < 0 ? rawTarget : rawTarget[..query]);
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(rawTarget[query..]);
        if (origin is not null)
        {
            context.Request.Headers[RelayHeaders.Origin] = origin;
        }
        context.Response.Body = new MemoryStream();
        return context;
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate? app = null)
    {
        var middleware = ActivatorUtilities.CreateInstance<RelayPolicyMiddleware>(services, (RequestDelegate)(next =>
        {
            NextRan = true;
            return app?.Invoke(next) ?? Task.CompletedTask;
        }));
        return middleware.InvokeAsync(context);
    }

    public static string ResponseBody(HttpContext context)
    {
        var body = (MemoryStream)context.Response.Body;
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    public void Dispose()
    {
        Metrics.Dispose();
        services.Dispose();
    }
}
