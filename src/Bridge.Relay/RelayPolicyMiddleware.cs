using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Bridge.Relay;

/// <summary>
/// Enforces the relay policy again on the server, on every request that carries <see cref="RelayHeaders.Origin"/>:
/// the relay script already checked it in the browser, and this is the check a faulty or stale relay cannot skip.
/// Other requests pass through untouched.
/// </summary>
internal sealed class RelayPolicyMiddleware(
    RequestDelegate next,
    RelayState state,
    RelayMetrics metrics,
    ILogger<RelayPolicyMiddleware> logger)
{
    private const string SameOrigin = "same-origin";

    public Task InvokeAsync(HttpContext context)
    {
        if (IsPreflightForTheOriginHeader(context.Request))
        {
            // Bridge-Relay-Origin is trusted because a page on another origin cannot send it without a preflight that
            // grants it. Refused here, before any CORS policy of the app's can grant it, that holds by construction.
            var requester = context.Request.Headers.Origin.ToString();
            return RefuseAsync(context, requester.Length == 0 ? "an unknown origin" : requester, RelayRefusal.HeaderNotAllowed,
                $"No page on another origin may send {RelayHeaders.Origin}: only the Bridge relay page on this service's own " +
                "origin sets it, so no CORS preflight for it is ever granted. Call the service through bridge.fetch, or leave " +
                "the header out.");
        }
        if (!context.Request.Headers.TryGetValue(RelayHeaders.Origin, out var origins))
        {
            return next(context);
        }
        var origin = origins.ToString();
        var verdict = Check(context, origins.Count == 1 ? origin : null);
        if (verdict.Refusal is { } refusal)
        {
            return RefuseAsync(context, origin, refusal, verdict.Detail!);
        }
        var site = verdict.Site!;
        context.Features.Set(new RelayedRequestFeature(origin, site));
        CappedRequestBodySize.Apply(context.Features, site.MaxRequestBodyBytes);
        metrics.Relayed();
        return RelayAsync(context, origin, site);
    }

    /// <summary>
    /// A CORS preflight (<c>OPTIONS</c> with <c>Access-Control-Request-Method</c>) asking to send
    /// <see cref="RelayHeaders.Origin"/>, wherever it stands in <c>Access-Control-Request-Headers</c>, in any case.
    /// </summary>
    private static bool IsPreflightForTheOriginHeader(HttpRequest request)
    {
        if (!HttpMethods.IsOptions(request.Method) || !request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            return false;
        }
        foreach (var list in request.Headers.AccessControlRequestHeaders)
        {
            foreach (var name in (list ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (name.Equals(RelayHeaders.Origin, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private async Task RelayAsync(HttpContext context, string origin, SitePolicy site)
    {
        var methodChecked = MethodCheckedRequestFeature.Apply(context.Features, site);
        try
        {
            await next(context);
        }
        catch (RelayedMethodChangeRefusedException refused) when (!context.Response.HasStarted)
        {
            // The app's pipeline (a method-override middleware, say) changed the method after the check: answered as
            // any refusal, and the app never sees the new method.
            context.Response.Clear();
            await RefuseAsync(context, origin, RelayRefusal.MethodNotAllowed, MethodChangeDetail(origin, site, refused.CheckedMethod, refused.NewMethod));
            return;
        }
        catch (Exception exception) when (exception is not RelayedMethodChangeRefusedException && IsFailure(context, exception))
        {
            metrics.Failed();
            throw;
        }
        finally
        {
            if (methodChecked is not null && ReferenceEquals(context.Features.Get<IHttpRequestFeature>(), methodChecked))
            {
                context.Features.Set(methodChecked.Server);
            }
        }
        if (methodChecked?.RefusedMethod is not null)
        {
            // Something in the app (an exception handler) caught the refusal and answered itself: the new method still
            // never ran, and the refusal is still logged and counted.
            Log.RequestRefused(logger, RelayRefusal.MethodNotAllowed.Code(), origin, context.Request.Method, LoggedPath(context));
            metrics.Refused(RelayRefusal.MethodNotAllowed.Code());
            return;
        }
        if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            metrics.Failed();
        }
    }

    /// <summary>
    /// A failure of the service, not of the request: a client that went away, or a body over the limit (which the
    /// server reports as a 4xx <see cref="BadHttpRequestException"/>), is not counted.
    /// </summary>
    private static bool IsFailure(HttpContext context, Exception exception) =>
        !context.RequestAborted.IsCancellationRequested
        && exception is not BadHttpRequestException { StatusCode: < StatusCodes.Status500InternalServerError };

    private Verdict Check(HttpContext context, string? origin)
    {
        var request = context.Request;
        var policy = state.Policy;
        var site = origin is null ? null : policy.Match(origin);
        if (site is null)
        {
            return Verdict.Refuse(RelayRefusal.OriginNotAllowed,
                $"No site of the relay policy ({BridgeRelayOptions.SectionName}:{nameof(BridgeRelayOptions.Sites)}) allows pages on {Quote(origin)}.");
        }
        var fetchSite = request.Headers["Sec-Fetch-Site"];
        if (fetchSite.Count > 0 && fetchSite.ToString() != SameOrigin)
        {
            return Verdict.Refuse(RelayRefusal.OriginNotAllowed,
                $"A relayed request comes from the relay page on this origin (Sec-Fetch-Site: {SameOrigin}), not from \"{fetchSite}\".");
        }
        if (!PathPattern.TryDecodeRequestPath(RawTarget(context), out var path, out var pathProblem))
        {
            return Verdict.Refuse(RelayRefusal.PathNotAllowed, $"The request path is refused: {pathProblem}.");
        }
        if (!site.AllowsPath(path))
        {
            return Verdict.Refuse(RelayRefusal.PathNotAllowed,
                $"The relay policy for {origin} ({site.Key}:{nameof(BridgeRelaySite.Paths)}) does not allow this path.");
        }
        if (!site.AllowsMethod(request.Method))
        {
            return Verdict.Refuse(RelayRefusal.MethodNotAllowed,
                $"The relay policy for {origin} ({site.Key}:{nameof(BridgeRelaySite.Methods)}) does not allow the method {request.Method}.");
        }
        foreach (var header in request.Headers)
        {
            if (!RelayHeaders.IsBrowserManaged(header.Key) && !policy.IsProxyHeader(header.Key) && !site.AllowsRequestHeader(header.Key))
            {
                var name = header.Key.ToLowerInvariant();
                return Verdict.Refuse(RelayRefusal.HeaderNotAllowed,
                    $"The relay policy for {origin} ({site.Key}:{nameof(BridgeRelaySite.RequestHeaders)}) does not allow the request header {name}." +
                    (RelayHeaders.IsWellKnownProxyHeader(name)
                        ? $" If a proxy in front of the service adds it, list it in {BridgeRelayOptions.SectionName}:{nameof(BridgeRelayOptions.ProxyHeaders)}."
                        : ""));
            }
        }
        if (MethodOverrideProblem(request, origin!, site) is { } overridden)
        {
            return Verdict.Refuse(RelayRefusal.MethodNotAllowed, overridden);
        }
        if (!site.AllowCredentials && request.Headers.ContainsKey(HeaderNames.Cookie))
        {
            return Verdict.Refuse(RelayRefusal.CredentialsNotAllowed,
                $"The relay policy for {origin} ({site.Key}:{nameof(BridgeRelaySite.AllowCredentials)} is false) does not send the service's cookies.");
        }
        if (request.ContentLength > site.MaxRequestBodyBytes)
        {
            return Verdict.Refuse(RelayRefusal.TooLarge,
                $"The relay policy for {origin} ({site.Key}:{nameof(BridgeRelaySite.MaxRequestBodyBytes)}) allows request bodies of at most " +
                $"{site.MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
        }
        return new Verdict(site, null, null);
    }

    /// <summary>
    /// Why a method-override header (<see cref="RelayHeaders.MethodOverrideHeaders"/>) is refused, or null: the method it
    /// names, exactly as sent, must itself be one the site allows, since a framework honouring it runs that method.
    /// </summary>
    private static string? MethodOverrideProblem(HttpRequest request, string origin, SitePolicy site)
    {
        foreach (var header in RelayHeaders.MethodOverrideHeaders)
        {
            if (request.Headers.TryGetValue(header, out var values))
            {
                var method = values.ToString();
                if (!site.AllowsMethod(method))
                {
                    return $"The relay policy for {origin} ({site.Key}:{nameof(BridgeRelaySite.Methods)}) does not allow the method " +
                        $"\"{method}\", which the request header {header.ToLowerInvariant()} asks the service to run in place of {request.Method}. " +
                        $"Send the request with an allowed method and without {header.ToLowerInvariant()}, or add {method} to " +
                        $"{site.Key}:{nameof(BridgeRelaySite.Methods)} if pages on {origin} may use it.";
                }
            }
        }
        return null;
    }

    private static string MethodChangeDetail(string origin, SitePolicy site, string checkedMethod, string newMethod) =>
        $"The relay policy for {origin} ({site.Key}:{nameof(BridgeRelaySite.Methods)}) does not allow the method {newMethod}, " +
        $"which the service's pipeline took from the request (a method override, such as a _method form field) in place of " +
        $"{checkedMethod}. Send an allowed method, or add {newMethod} to {site.Key}:{nameof(BridgeRelaySite.Methods)} if pages " +
        $"on {origin} may use it.";

    private Task RefuseAsync(HttpContext context, string origin, RelayRefusal refusal, string detail)
    {
        var code = refusal.Code();
        Log.RequestRefused(logger, code, origin, context.Request.Method, LoggedPath(context));
        metrics.Refused(code);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Problem(
            detail,
            statusCode: StatusCodes.Status403Forbidden,
            title: "Refused by the Bridge relay policy",
            extensions: new Dictionary<string, object?> { ["reason"] = code })
            .ExecuteAsync(context);
    }

    /// <summary>The request target as sent: the path the browser asked for, before the server decoded it.</summary>
    private static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return string.IsNullOrEmpty(raw) ? (context.Request.PathBase + context.Request.Path).ToUriComponent() : raw;
    }

    /// <summary>The raw path without its query, which may carry tokens.</summary>
    private static string LoggedPath(HttpContext context)
    {
        var raw = RawTarget(context);
        var end = raw.AsSpan().IndexOfAny('?', '#');
        return end < 0 ? raw : raw[..end];
    }

    private static string Quote(string? origin) => origin is null ? "several origins at once" : $"\"{origin}\"";

    private readonly record struct Verdict(SitePolicy? Site, RelayRefusal? Refusal, string? Detail)
    {
        public static Verdict Refuse(RelayRefusal refusal, string detail) => new(null, refusal, detail);
    }
}
