namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// Endpoints that make fetch fail at the network level, for the tests that compare how fetch and bridge.fetch fail
/// (never part of the product), and the ky library's module files for the retry tests.
/// </summary>
public static class FailureTestEndpoints
{
    /// <summary><c>{ResetPath}/{marker}</c> drops the connection without an answer (a connection reset), every time.</summary>
    public const string ResetPath = "/api/open/reset";

    /// <summary>
    /// <c>{ResetBodyPath}/{marker}</c> answers 200 with the first bytes of its body, then drops the connection once the
    /// test opens the gate <c>{marker}</c> (<see cref="ResponseGates"/>): dropped at once, the browser may lose the
    /// answer with the connection.
    /// </summary>
    public const string ResetBodyPath = "/api/open/reset-body";

    /// <summary>
    /// <c>{FlakyPath}/{marker}?attempt=n</c> drops the connection for attempts 1 and 2 and answers 200 from attempt 3
    /// on. The attempt is in the URL, not counted here, since a browser may resend a request whose reused connection
    /// was reset before it gives up: so a resend is still the same attempt.
    /// </summary>
    public const string FlakyPath = "/api/open/flaky";

    /// <summary><c>{KyPath}/index.js</c> and its imports: ky's ES module files, for any origin (modules load with CORS).</summary>
    public const string KyPath = "/test/ky";

    public static void Map(WebApplication app, ResponseGates gates)
    {
        app.MapGet(ResetPath + "/{marker}", (HttpContext context) =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        app.MapGet(ResetBodyPath + "/{marker}", async (HttpContext context, string marker) =>
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("first\n");
            await context.Response.Body.FlushAsync();
            await gates.WaitAsync(marker, context.RequestAborted);
            context.Abort();
        });
        app.MapGet(FlakyPath + "/{marker}", (HttpContext context, string marker, int attempt) =>
        {
            if (attempt <= 2)
            {
                context.Abort();
                return Task.CompletedTask;
            }
            return context.Response.WriteAsync($"answered {marker} at attempt {attempt}");
        });
        var ky = KyDirectory();
        app.MapGet(KyPath + "/{**file}", (HttpContext context, string file) =>
        {
            var path = Path.GetFullPath(Path.Combine(ky, file));
            if (!path.StartsWith(ky + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !path.EndsWith(".js", StringComparison.Ordinal) || !File.Exists(path))
            {
                return Results.NotFound();
            }
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.File(path, "text/javascript; charset=utf-8");
        });
    }

    /// <summary>node_modules/ky/distribution of the repository (a dev dependency in package.json), found above the test binaries.</summary>
    private static string KyDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "node_modules", "ky", "distribution"));
            }
        }
        throw new InvalidOperationException($"No Bridge.sln above {AppContext.BaseDirectory}: cannot find node_modules/ky.");
    }
}
