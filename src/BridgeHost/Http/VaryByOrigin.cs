using Microsoft.Net.Http.Headers;

namespace Bridge.Http;

/// <summary>
/// <c>Vary: Origin</c> on every answer under a path prefix whose CORS headers depend on the request's Origin, so a
/// cache never hands one origin's answer to another. The framework's CORS middleware says it only when it allows the
/// origin; a refusal needs it as much.
/// </summary>
internal static class VaryByOrigin
{
    /// <summary>Adds the header to every answer under <paramref name="prefix"/>. Goes before <c>UseCors</c>.</summary>
    public static void Use(IApplicationBuilder app, PathString prefix)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(prefix))
            {
                context.Response.OnStarting(static state =>
                {
                    var headers = ((HttpResponse)state).Headers;
                    if (!headers.Vary.Any(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries).Contains("Origin", StringComparer.OrdinalIgnoreCase)))
                    {
                        headers.Append(HeaderNames.Vary, "Origin");
                    }
                    return Task.CompletedTask;
                }, context.Response);
            }
            return next(context);
        });
    }
}
