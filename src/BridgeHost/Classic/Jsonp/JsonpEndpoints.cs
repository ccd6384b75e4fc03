using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bridge.Classic.Jsonp;

/// <summary>
/// JSONP, for comparison: the page runs whatever the service returns, so the answer is held to a few rules.
/// GET and HEAD only. The callback is one plain identifier (no dotted path such as <c>location.assign</c>, the
/// route to same-origin method execution), checked to the very end of the string. The script only calls the
/// callback if it is a function. Every answer, errors included, says <c>X-Content-Type-Options: nosniff</c>, so an
/// error (problem details as JSON) is never run as a script.
/// </summary>
internal static partial class JsonpEndpoints
{
    public const string Prefix = "/jsonp";

    private const int MaxCallbackLength = 64;

    private const string ScriptType = "text/javascript; charset=utf-8";

    private static readonly string[] AllowedMethods = [HttpMethods.Get, HttpMethods.Head];

    // Globals that turn their argument into code: a callback naming them would run the data's text.
    private static readonly HashSet<string> CodeRunners = new(StringComparer.Ordinal)
    {
        "eval", "Function", "setTimeout", "setInterval", "execScript", "importScripts",
    };

    private static readonly Dictionary<string, object> Data = new(StringComparer.Ordinal)
    {
        ["hello"] = new { message = "Hello from the Bridge demo service" },
    };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Every method and every path under the prefix comes here, so that errors carry nosniff too.
        endpoints.Map(Prefix + "/{**name}", Answer);
    }

    private static IResult Answer(HttpContext context, string? name, string? callback)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (!AllowedMethods.Contains(context.Request.Method, StringComparer.Ordinal))
        {
            context.Response.Headers.Allow = string.Join(", ", AllowedMethods);
            return Results.Problem(
                $"JSONP answers GET and HEAD only, not {context.Request.Method}: a script element can only GET.",
                statusCode: StatusCodes.Status405MethodNotAllowed);
        }
        if (name is null || !Data.TryGetValue(name, out var data))
        {
            return Results.Problem(
                $"There is no JSONP resource here. Resources: {string.Join(", ", Data.Keys.Select(key => Prefix + "/" + key))}.",
                statusCode: StatusCodes.Status404NotFound);
        }
        if (WhyNotACallback(callback) is { } problem)
        {
            return Results.Problem(
                $"callback {problem}. It must be one plain JavaScript identifier of at most {MaxCallbackLength} characters, " +
                "such as handleHello: letters, digits, _ and $, not starting with a digit, with no dots.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        // System.Text.Json's default encoder escapes <, >, &, ' and U+2028/U+2029, so the data cannot break out.
        // typeof on an undeclared name is not an error, so a missing callback does nothing rather than throw.
        var script = $"/**/typeof {callback} === \"function\" && {callback}({JsonSerializer.Serialize(data)});";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            // Kestrel drops a HEAD body itself, but not every server does.
            context.Response.ContentType = ScriptType;
            return Results.Empty;
        }
        return Results.Text(script, ScriptType);
    }

    private static string? WhyNotACallback(string? callback) => callback switch
    {
        null or "" => "is missing",
        _ when !CallbackName().IsMatch(callback) => "is not a plain identifier",
        _ when CodeRunners.Contains(callback) => $"may not be {callback}, which runs its argument as code",
        _ => null,
    };

    // \A and \z, not ^ and $: .NET's $ also matches before a final newline, which would let "alert\n" through.
    [GeneratedRegex(@"\A[A-Za-z_$][A-Za-z0-9_$]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CallbackName();
}
