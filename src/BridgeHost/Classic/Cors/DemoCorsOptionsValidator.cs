using System.Globalization;
using Bridge.Http;
using Microsoft.Extensions.Options;

namespace Bridge.Classic.Cors;

/// <summary>
/// Refuses a CORS policy that is not exact: wildcard origins, methods or headers, credentials with a wildcard, and
/// above all the relay's verified-origin header, which a CORS preflight must never grant (any allowed CORS origin
/// could then forge relayed requests). Every problem at once, each with its key, value and fix.
/// </summary>
internal sealed class DemoCorsOptionsValidator(IConfiguration configuration) : IValidateOptions<DemoCorsOptions>
{
    /// <summary>The relay's verified-origin header (Bridge.Relay.RelayHeaders.Origin), which only the relay may set.</summary>
    public const string RelayOriginHeader = "bridge-relay-origin";

    private static readonly TimeSpan LongestPreflightMaxAge = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, DemoCorsOptions options)
    {
        var failures = new List<string>();
        const string Key = DemoCorsOptions.SectionName;
        if (configuration.GetSection("Demo:CorsOrigins").Exists())
        {
            failures.Add("Demo:CorsOrigins is no longer read: it is now Demo:Cors:Origins. Move the origins there.");
        }
        for (var i = 0; i < options.Origins.Count; i++)
        {
            if (ExactOrigin.WhyNot(options.Origins[i]) is { } problem)
            {
                failures.Add(
                    $"{Key}:{nameof(DemoCorsOptions.Origins)}:{Index(i)} = \"{options.Origins[i]}\" {problem}. " +
                    "List exact origins as scheme://host[:port], e.g. \"https://app.example.com\".");
            }
        }
        for (var i = 0; i < options.Methods.Count; i++)
        {
            var value = options.Methods[i];
            var problem = value switch
            {
                "*" => "is a wildcard: list each method the pages use",
                _ when !IsToken(value) => "is not a method (a single HTTP token)",
                _ when value.Any(char.IsAsciiLetterLower) => $"is not in upper case; write \"{value.ToUpperInvariant()}\"",
                "TRACE" or "TRACK" or "CONNECT" => "is never sent by browsers (a forbidden method)",
                _ => null,
            };
            if (problem is not null)
            {
                failures.Add($"{Key}:{nameof(DemoCorsOptions.Methods)}:{Index(i)} = \"{value}\" {problem}. Expected e.g. \"PUT\".");
            }
        }
        for (var i = 0; i < options.Headers.Count; i++)
        {
            var value = options.Headers[i];
            var problem = value switch
            {
                "*" => "is a wildcard, which would grant any header, the relay's bridge-relay-origin included: list each header by name",
                _ when !IsToken(value) => "is not a header name (a single HTTP token)",
                _ when value.Equals(RelayOriginHeader, StringComparison.OrdinalIgnoreCase) =>
                    "is the relay's verified-origin header: granting it would let any allowed CORS origin forge relayed requests. Remove it",
                _ => null,
            };
            if (problem is not null)
            {
                failures.Add($"{Key}:{nameof(DemoCorsOptions.Headers)}:{Index(i)} = \"{value}\" {problem}. Expected e.g. \"Content-Type\".");
            }
        }
        for (var i = 0; i < options.ExposedHeaders.Count; i++)
        {
            var value = options.ExposedHeaders[i];
            var problem = value switch
            {
                "*" when options.AllowCredentials => "is a wildcard, which with AllowCredentials is only a header named \"*\": list each header by name",
                "*" => "is a wildcard: list each header the pages read",
                _ when !IsToken(value) => "is not a header name (a single HTTP token)",
                _ => null,
            };
            if (problem is not null)
            {
                failures.Add($"{Key}:{nameof(DemoCorsOptions.ExposedHeaders)}:{Index(i)} = \"{value}\" {problem}. Expected e.g. \"ETag\".");
            }
        }
        if (options.PreflightMaxAge < TimeSpan.Zero || options.PreflightMaxAge > LongestPreflightMaxAge)
        {
            failures.Add(
                $"{Key}:{nameof(DemoCorsOptions.PreflightMaxAge)} = {options.PreflightMaxAge.ToString("c", CultureInfo.InvariantCulture)} " +
                "is out of range: give a duration from 00:00:00 to 1.00:00:00 (browsers cap it lower), e.g. \"00:10:00\".");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
