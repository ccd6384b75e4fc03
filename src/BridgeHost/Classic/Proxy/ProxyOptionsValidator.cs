using System.Globalization;
using Microsoft.Extensions.Options;

namespace Bridge.Classic.Proxy;

/// <summary>Refuses proxy routes that are not what <see cref="ProxyRouteOptions"/> documents, every problem at once, each with its key and value.</summary>
internal sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, route) in options.Routes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var key = $"{ProxyOptions.SectionName}:{nameof(ProxyOptions.Routes)}:{id}";
            if (!ProxyHeaders.IsRouteId(id))
            {
                failures.Add($"{key}: \"{id}\" is not a route id: use 1 to 64 letters, digits, '-' or '_', e.g. \"hello\".");
            }
            if (route is null)
            {
                failures.Add($"{key} is empty: give it an Upstream and Methods, or remove it.");
                continue;
            }
            ValidateUpstream(route.Upstream, $"{key}:{nameof(ProxyRouteOptions.Upstream)}", failures);
            ValidateMethods(route.Methods, $"{key}:{nameof(ProxyRouteOptions.Methods)}", failures);
            ValidateHeaders(route.RequestHeaders, $"{key}:{nameof(ProxyRouteOptions.RequestHeaders)}", failures);
            if (route.MaxResponseBodyBytes <= 0)
            {
                failures.Add(
                    $"{key}:{nameof(ProxyRouteOptions.MaxResponseBodyBytes)} = {route.MaxResponseBodyBytes.ToString(CultureInfo.InvariantCulture)} " +
                    "is not a size: give the largest response body to pass back in bytes, greater than 0, e.g. 1048576.");
            }
            if (route.Timeout <= TimeSpan.Zero || route.Timeout > LongestTimeout)
            {
                failures.Add(
                    $"{key}:{nameof(ProxyRouteOptions.Timeout)} = {route.Timeout.ToString("c", CultureInfo.InvariantCulture)} " +
                    "is not a timeout: give how long the upstream has to answer, more than zero and at most 00:10:00, " +
                    "as hours:minutes:seconds (a bare number is days), e.g. \"00:00:30\".");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUpstream(string? value, string key, List<string> failures)
    {
        const string Example = "Expected an absolute http or https URL without a query, e.g. \"https://api.example.com/v1/hello\".";
        string? problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "is missing";
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            problem = "is not an absolute URL";
        }
        else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"has the scheme \"{uri.Scheme}\"; the proxy speaks http and https only";
        }
        else if (uri.UserInfo.Length > 0)
        {
            problem = "has credentials in it; the proxy sends none";
        }
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = "has a query or fragment; the caller's query is passed on instead";
        }
        if (problem is not null)
        {
            failures.Add($"{key} = \"{value}\" {problem}. {Example}");
        }
    }

    private static void ValidateMethods(List<string> methods, string key, List<string> failures)
    {
        if (methods.Count == 0)
        {
            failures.Add($"{key} is empty, so the route would forward nothing. List the methods it forwards, e.g. \"GET\".");
        }
        for (var i = 0; i < methods.Count; i++)
        {
            var value = methods[i];
            var problem = value switch
            {
                _ when !ProxyHeaders.IsToken(value) => "is not a method: a method is a single HTTP token (\"*\" is not allowed: list each one)",
                _ when value.Any(char.IsAsciiLetterLower) => $"is not in upper case; write \"{value.ToUpperInvariant()}\"",
                "TRACE" or "TRACK" => "is never forwarded: it echoes the request, headers included, back to the caller",
                "CONNECT" => "is never forwarded: it asks for a tunnel, not a request",
                _ => null,
            };
            if (problem is not null)
            {
                failures.Add($"{key}:{i.ToString(CultureInfo.InvariantCulture)} = \"{value}\" {problem}. Expected e.g. \"GET\" or \"POST\".");
            }
        }
    }

    private static void ValidateHeaders(List<string> headers, string key, List<string> failures)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            var value = headers[i];
            var problem = !ProxyHeaders.IsToken(value)
                ? "is not a header name (\"*\" is not allowed: list each header by name)"
                : ProxyHeaders.WhyNeverForwarded(value);
            if (problem is not null)
            {
                failures.Add($"{key}:{i.ToString(CultureInfo.InvariantCulture)} = \"{value}\" {problem}. Expected e.g. \"Accept\" or \"Content-Type\".");
            }
        }
    }
}
