using Bridge.Http;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.Classic.Cors;

/// <summary>
/// The standard way, for comparison: the demo API again under <c>/cors</c>, with CORS headers from the framework's
/// CORS middleware for the exact origins, methods and headers of <see cref="DemoCorsOptions"/>. The policy never
/// grants a header by wildcard, so a preflight can never grant the relay's verified-origin header. The benchmark
/// measures bridge.fetch against it.
/// </summary>
internal static class DemoCors
{
    public const string PolicyName = "Bridge demo CORS";
    public const string Prefix = "/cors";

    /// <summary>
    /// Registers the policy, bound from <c>Demo:Cors</c> (unknown keys are errors) and validated at start-up; with
    /// no origins configured it allows <paramref name="siteOrigin"/>, the demo site, alone.
    /// </summary>
    public static void AddPolicy(IServiceCollection services, string siteOrigin)
    {
        services.AddOptions<DemoCorsOptions>()
            .BindConfiguration(DemoCorsOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .PostConfigure(options =>
            {
                if (options.Origins.Count == 0)
                {
                    options.Origins.Add(siteOrigin);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DemoCorsOptions>, DemoCorsOptionsValidator>());
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<DemoCorsOptions>>((cors, demo) =>
            cors.AddPolicy(PolicyName, policy => Configure(policy, demo.Value)));
    }

    /// <summary>Says <c>Vary: Origin</c> on every answer under <see cref="Prefix"/>. Goes before <c>UseCors</c>.</summary>
    public static void UseVaryByOrigin(IApplicationBuilder app) => VaryByOrigin.Use(app, Prefix);

    /// <summary>
    /// The group under <see cref="Prefix"/> with the CORS policy, where the caller maps the API to compare (the demo
    /// maps its own API there; this mechanism knows nothing of it).
    /// </summary>
    public static RouteGroupBuilder MapGroup(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup(Prefix).RequireCors(PolicyName);

    private static void Configure(CorsPolicyBuilder policy, DemoCorsOptions options)
    {
        // Exact values only (the validator refused wildcards); never AllowAnyHeader.
        policy.WithOrigins([.. options.Origins])
            .WithMethods([.. options.Methods])
            .WithHeaders([.. options.Headers])
            .WithExposedHeaders([.. options.ExposedHeaders])
            .SetPreflightMaxAge(options.PreflightMaxAge);
        if (options.AllowCredentials)
        {
            policy.AllowCredentials();
        }
        else
        {
            policy.DisallowCredentials();
        }
    }
}
