using System.Globalization;
using Bridge.Http;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn;

/// <summary>
/// Refuses a single sign-on configuration that is not closed and exact: users without a password hash, apps without
/// an exact origin, a client id or a secret hash, an origin or client id listed twice, a token lifetime out of
/// bounds. Every problem at once, each with its key, value and fix.
/// </summary>
internal sealed class SingleSignOnOptionsValidator : IValidateOptions<SingleSignOnOptions>
{
    public static readonly TimeSpan ShortestTokenLifetime = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan LongestTokenLifetime = TimeSpan.FromMinutes(10);

    private const string Key = SingleSignOnOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SingleSignOnOptions options)
    {
        var failures = new List<string>();
        ValidateService(options, failures);
        ValidateUsers(options, failures);
        ValidateApps(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateService(SingleSignOnOptions options, List<string> failures)
    {
        var url = options.ServiceUrl?.OriginalString.TrimEnd('/');
        if (ExactOrigin.WhyNot(url) is { } problem)
        {
            failures.Add($"{Key}:{nameof(SingleSignOnOptions.ServiceUrl)} = \"{options.ServiceUrl}\" {problem}. " +
                "Give the SSO service's origin, e.g. \"http://sso.example.localhost:5090\".");
        }
        if (options.TokenLifetime < ShortestTokenLifetime || options.TokenLifetime > LongestTokenLifetime)
        {
            failures.Add($"{Key}:{nameof(SingleSignOnOptions.TokenLifetime)} = {Duration(options.TokenLifetime)} is out of range: " +
                $"a token must live long enough for the app's server to redeem it and no longer, from {Duration(ShortestTokenLifetime)} " +
                $"to {Duration(LongestTokenLifetime)}, e.g. \"00:01:00\".");
        }
        if (options.SessionLifetime < TimeSpan.FromMinutes(1) || options.SessionLifetime > TimeSpan.FromDays(30))
        {
            failures.Add($"{Key}:{nameof(SingleSignOnOptions.SessionLifetime)} = {Duration(options.SessionLifetime)} is out of range: " +
                "give a duration from a minute to 30 days, e.g. \"08:00:00\".");
        }
    }

    private static void ValidateUsers(SingleSignOnOptions options, List<string> failures)
    {
        foreach (var (userName, user) in options.Users)
        {
            if (!Passwords.IsHash(user?.PasswordHash))
            {
                failures.Add($"{Key}:{nameof(SingleSignOnOptions.Users)}:{userName}:{nameof(SingleSignOnUser.PasswordHash)} is not a password hash. " +
                    "Make one with `dotnet run --project src/BridgeHost -- hash-password` (it reads the password from standard input); " +
                    "never put the password itself in configuration.");
            }
        }
    }

    private static void ValidateApps(SingleSignOnOptions options, List<string> failures)
    {
        if (options.Apps.Count == 0)
        {
            failures.Add($"{Key}:{nameof(SingleSignOnOptions.Apps)} is empty, so no app could sign in. Add one, e.g. " +
                "\"foo\": { \"Origin\": \"http://foo.example.localhost:5091\", \"ClientId\": \"foo\", \"ClientSecretHash\": \"...\" }.");
        }
        var origins = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var clientIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (appName, app) in options.Apps)
        {
            var appKey = $"{Key}:{nameof(SingleSignOnOptions.Apps)}:{appName}";
            if (app is null)
            {
                failures.Add($"{appKey} is null: remove it, or give it an Origin, a ClientId and a ClientSecretHash.");
                continue;
            }
            if (ExactOrigin.WhyNot(app.Origin) is { } problem)
            {
                failures.Add($"{appKey}:{nameof(SingleSignOnClientApp.Origin)} = \"{app.Origin}\" {problem}. " +
                    "Give the app's exact origin, e.g. \"http://foo.example.localhost:5091\".");
            }
            else if (string.Equals(app.Origin, options.ServiceOrigin, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{appKey}:{nameof(SingleSignOnClientApp.Origin)} = \"{app.Origin}\" is the SSO service's own origin: an app is on another origin.");
            }
            else if (origins.TryGetValue(app.Origin, out var first))
            {
                failures.Add($"{appKey}:{nameof(SingleSignOnClientApp.Origin)} = \"{app.Origin}\" is also the origin of app \"{first}\": " +
                    "a token is bound to one app's origin, so each app needs its own.");
            }
            else
            {
                origins.Add(app.Origin, appName);
            }
            if (string.IsNullOrWhiteSpace(app.ClientId))
            {
                failures.Add($"{appKey}:{nameof(SingleSignOnClientApp.ClientId)} is empty: give the id the app's server sends on the back channel, e.g. \"{appName}\".");
            }
            else if (app.ClientId.Contains(':', StringComparison.Ordinal))
            {
                failures.Add($"{appKey}:{nameof(SingleSignOnClientApp.ClientId)} = \"{app.ClientId}\" has a colon, which ends the id in HTTP Basic authentication: remove it.");
            }
            else if (clientIds.TryGetValue(app.ClientId, out var first))
            {
                failures.Add($"{appKey}:{nameof(SingleSignOnClientApp.ClientId)} = \"{app.ClientId}\" is also the client id of app \"{first}\": give each app its own.");
            }
            else
            {
                clientIds.Add(app.ClientId, appName);
            }
            if (!ClientSecrets.IsHash(app.ClientSecretHash))
            {
                failures.Add($"{appKey}:{nameof(SingleSignOnClientApp.ClientSecretHash)} is not a client secret hash (a SHA-256, base64url). " +
                    "Make a secret and its hash with `dotnet run --project src/BridgeHost -- new-client-secret`.");
            }
        }
    }

    private static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
