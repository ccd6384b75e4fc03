using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn;

/// <summary>The <c>SingleSignOn</c> section, for the SSO service and the apps alike: bound once, validated at start-up.</summary>
internal static class SingleSignOnConfiguration
{
    /// <summary>
    /// Registers the options (unknown keys are errors: a misspelt key would silently keep a default) and their
    /// validation at start-up.
    /// </summary>
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<SingleSignOnOptions>()
            .BindConfiguration(SingleSignOnOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SingleSignOnOptions>, SingleSignOnOptionsValidator>());
    }

    /// <summary>
    /// The options as configured now, for what must be known before the app is built (its URL, its stores): read after
    /// the builder hooks, so a test's configuration counts.
    /// </summary>
    public static SingleSignOnOptions Read(IConfiguration configuration) =>
        configuration.GetSection(SingleSignOnOptions.SectionName).Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
}
