using System.Globalization;
using Microsoft.Extensions.Options;

namespace Bridge.Relay;

/// <summary>
/// Refuses a relay policy that is empty, or names anything but what <see cref="BridgeRelaySite"/> documents,
/// reporting every problem at once, each with its full configuration key and value.
/// </summary>
internal sealed class BridgeRelayOptionsValidator : IValidateOptions<BridgeRelayOptions>
{
    private const string OriginExample = "Expected scheme://host[:port], e.g. \"https://app.example.com\".";

    public ValidateOptionsResult Validate(string? name, BridgeRelayOptions options)
    {
        var failures = new List<string>();
        var sitesKey = $"{BridgeRelayOptions.SectionName}:{nameof(BridgeRelayOptions.Sites)}";
        if (options.Sites.Count == 0)
        {
            failures.Add(
                $"{sitesKey} is empty, so the relay would serve no site. Add a site with the origins of the pages " +
                "that may call this service and the paths they may request, e.g. " +
                "{ \"Origins\": [ \"https://app.example.com\" ], \"Paths\": [ \"/api/**\" ] }.");
        }
        ValidateProxyHeaders(options.ProxyHeaders, failures);
        for (var i = 0; i < options.Sites.Count; i++)
        {
            var siteKey = $"{sitesKey}:{Index(i)}";
            if (options.Sites[i] is not { } site)
            {
                failures.Add($"{siteKey} is null: remove it, or give it Origins and Paths.");
                continue;
            }
            ValidateOrigins(options, site, siteKey, failures);
            ValidateCredentials(options, site, siteKey, failures);
            ValidatePaths(site, siteKey, failures);
            ValidateMethods(site, siteKey, failures);
            ValidateHeaders(site.RequestHeaders, $"{siteKey}:{nameof(BridgeRelaySite.RequestHeaders)}", isRequest: true, failures);
            ValidateHeaders(site.ExposedHeaders, $"{siteKey}:{nameof(BridgeRelaySite.ExposedHeaders)}", isRequest: false, failures);
            ValidateSize(site.MaxRequestBodyBytes, $"{siteKey}:{nameof(BridgeRelaySite.MaxRequestBodyBytes)}", failures);
            ValidateSize(site.MaxResponseBodyBytes, $"{siteKey}:{nameof(BridgeRelaySite.MaxResponseBodyBytes)}", failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateOrigins(BridgeRelayOptions options, BridgeRelaySite site, string siteKey, List<string> failures)
    {
        var key = $"{siteKey}:{nameof(BridgeRelaySite.Origins)}";
        if (site.Origins.Count == 0)
        {
            failures.Add(
                $"{key} is empty, so no page would get this site's policy. " +
                "List the exact origins of the pages that may call this service, e.g. \"https://app.example.com\".");
        }
        for (var j = 0; j < site.Origins.Count; j++)
        {
            var value = site.Origins[j];
            if (!OriginPattern.TryParse(value, options.AllowAnyOrigin, options.AllowSubdomainWildcards, out _, out var problem))
            {
                failures.Add($"{key}:{Index(j)} = \"{value}\" is not an origin: {problem}. {OriginExample}");
            }
        }
    }

    /// <summary>
    /// Cookies only for pages the owner named: never for "*" (as ASP.NET Core's CORS refuses AllowAnyOrigin with
    /// AllowCredentials), and for a subdomain wildcard only with its own flag.
    /// </summary>
    private static void ValidateCredentials(BridgeRelayOptions options, BridgeRelaySite site, string siteKey, List<string> failures)
    {
        if (!site.AllowCredentials)
        {
            return;
        }
        var credentialsKey = $"{siteKey}:{nameof(BridgeRelaySite.AllowCredentials)}";
        var originsKey = $"{siteKey}:{nameof(BridgeRelaySite.Origins)}";
        const string Section = BridgeRelayOptions.SectionName;
        for (var j = 0; j < site.Origins.Count; j++)
        {
            var value = site.Origins[j];
            if (!OriginPattern.TryParse(value, options.AllowAnyOrigin, options.AllowSubdomainWildcards, out var pattern, out _))
            {
                continue;
            }
            if (pattern.Kind == OriginPatternKind.Any)
            {
                failures.Add(
                    $"{credentialsKey} = true with {originsKey}:{Index(j)} = \"*\" ({Section}:{nameof(BridgeRelayOptions.AllowAnyOrigin)} = true) " +
                    "would let a page on any origin on the web make calls with the service's cookies, as the signed-in user. " +
                    $"Set {credentialsKey} to false, or move the pages that need cookies into a site of their own that lists " +
                    "their exact origins, e.g. \"https://app.example.com\".");
            }
            else if (pattern.Kind == OriginPatternKind.Subdomains && !options.AllowCredentialsWithSubdomainWildcards)
            {
                failures.Add(
                    $"{credentialsKey} = true with {originsKey}:{Index(j)} = \"{value}\" " +
                    "would let a page on any matching subdomain (one taken over, or serving users' content) make calls with the " +
                    $"service's cookies. List the exact origins that need cookies instead, set {credentialsKey} to false, or, " +
                    $"if every such subdomain is yours and trusted, set {Section}:{nameof(BridgeRelayOptions.AllowCredentialsWithSubdomainWildcards)} to true.");
            }
        }
    }

    private static void ValidatePaths(BridgeRelaySite site, string siteKey, List<string> failures)
    {
        var key = $"{siteKey}:{nameof(BridgeRelaySite.Paths)}";
        if (site.Paths.Count == 0)
        {
            failures.Add(
                $"{key} is empty, so this site's pages could request nothing. " +
                "List the paths they may request, e.g. \"/api/**\" (any path under /api) or \"/api/items/*\".");
        }
        for (var j = 0; j < site.Paths.Count; j++)
        {
            var value = site.Paths[j];
            if (!PathPattern.TryParse(value, out _, out var problem))
            {
                failures.Add(
                    $"{key}:{Index(j)} = \"{value}\" is not a path pattern: {problem}. " +
                    "Expected \"/\" then segments, where \"*\" is one segment and a final \"**\" any number, e.g. \"/api/**\".");
            }
        }
    }

    private static void ValidateMethods(BridgeRelaySite site, string siteKey, List<string> failures)
    {
        var key = $"{siteKey}:{nameof(BridgeRelaySite.Methods)}";
        for (var j = 0; j < site.Methods.Count; j++)
        {
            var value = site.Methods[j];
            var problem = value switch
            {
                "*" => null,
                _ when !RelayHeaders.IsToken(value) => "a method is a single HTTP token, with no spaces or separators",
                _ when RelayHeaders.IsForbiddenMethod(value) => "browsers never send it (a forbidden method in the Fetch standard)",
                _ when value.Any(char.IsAsciiLetterLower) =>
                    $"methods are case-sensitive and browsers send them in upper case; write \"{value.ToUpperInvariant()}\"",
                _ => null,
            };
            if (problem is not null)
            {
                failures.Add($"{key}:{Index(j)} = \"{value}\" is not a method: {problem}. Expected e.g. \"GET\", \"POST\", or \"*\" for any.");
            }
        }
    }

    private static void ValidateHeaders(IList<string> headers, string key, bool isRequest, List<string> failures)
    {
        for (var j = 0; j < headers.Count; j++)
        {
            var value = headers[j];
            if (value == "*")
            {
                continue;
            }
            if (!RelayHeaders.IsToken(value))
            {
                failures.Add(
                    $"{key}:{Index(j)} = \"{value}\" is not a header name: a header name is a single HTTP token, " +
                    "with no spaces or separators. Expected e.g. \"x-request-id\", or \"*\" for any.");
            }
            else if (isRequest && RelayHeaders.WhyNeverAllowed(value) is { } reason)
            {
                failures.Add($"{key}:{Index(j)} = \"{value}\" is never allowed: {reason}. Remove it.");
            }
        }
    }

    private static void ValidateProxyHeaders(IList<string> headers, List<string> failures)
    {
        var key = $"{BridgeRelayOptions.SectionName}:{nameof(BridgeRelayOptions.ProxyHeaders)}";
        for (var j = 0; j < headers.Count; j++)
        {
            var value = headers[j];
            if (!RelayHeaders.IsToken(value) || value == "*")
            {
                failures.Add(
                    $"{key}:{Index(j)} = \"{value}\" is not a header name: list each header your proxies add by name, " +
                    "e.g. \"X-Forwarded-For\" (no wildcard).");
            }
            else if (value.Equals(RelayHeaders.Origin, StringComparison.OrdinalIgnoreCase) || value.Equals("cookie", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{key}:{Index(j)} = \"{value}\" is never a proxy's: {RelayHeaders.WhyNeverAllowed(value)}. Remove it.");
            }
        }
    }

    private static void ValidateSize(long value, string key, List<string> failures)
    {
        if (value <= 0)
        {
            failures.Add($"{key} = {Index(value)} must be greater than 0: it is a size in bytes, e.g. 1048576 for 1 MiB.");
        }
    }

    private static string Index(long i) => i.ToString(CultureInfo.InvariantCulture);
}
