using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bridge.Classic.Jsonp;

/// <summary>
/// JSONP, for comparison: GET only, and the page runs whatever the service returns. The callback name is checked
/// strictly, and the answer starts with a comment so it can never be read as anything but a function call.
/// </summary>
internal static partial class JsonpEndpoints
{
    public const string Prefix = "/jsonp";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Prefix + "/hello", (string? callback) => Wrap(callback, new { message = "Hello from the Bridge demo service" }));
    }

    private static IResult Wrap<T>(string? callback, T data)
    {
        if (callback is null || !CallbackName().IsMatch(callback))
        {
            return Results.Problem(
                "callback must be a JavaScript identifier path of at most 64 characters, such as handleHello or app.onData.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        // System.Text.Json's default encoder escapes <, >, &, ' and U+2028/U+2029, so the data cannot break out.
        var script = $"/**/{callback}({JsonSerializer.Serialize(data)});";
        return Results.Text(script, "text/javascript; charset=utf-8");
    }

    [GeneratedRegex(@"^(?=.{1,64}$)[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$")]
    private static partial Regex CallbackName();
}
