using Bridge.Demo;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Bridge.Classic.Cors;

/// <summary>
/// The standard way, for comparison: the demo API again under <c>/cors</c>, with CORS headers for the site's exact
/// origins (the framework's CORS middleware; nothing hand-written). The benchmark measures bridge.fetch against it.
/// </summary>
internal static class DemoCors
{
    public const string PolicyName = "Bridge demo CORS";
    public const string Prefix = "/cors";

    public static void AddPolicy(IServiceCollection services, IReadOnlyList<string> origins)
    {
        services.AddCors(options => options.AddPolicy(PolicyName, policy => Configure(policy, origins)));
    }

    public static void Map(WebApplication app)
    {
        DemoApi.Map(app.MapGroup(Prefix).RequireCors(PolicyName));
    }

    private static void Configure(CorsPolicyBuilder policy, IReadOnlyList<string> origins)
    {
        // Exact origins only; closed when none are configured.
        policy.WithOrigins([.. origins]).AllowAnyMethod().AllowAnyHeader().WithExposedHeaders("*");
    }
}
