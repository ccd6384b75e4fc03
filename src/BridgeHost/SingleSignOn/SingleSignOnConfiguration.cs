using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.SingleSignOn;

/// <summary>The <c>SingleSignOn</c> section, for the SSO service and the apps alike: bound once, validated at start-up.</summary>
internal static class SingleSignOnConfiguration
{
    /// <summary>
    /// Registers the options (unknown keys are errors: a misspelt key would silently keep a default) and their
    /// validation at start-up, and returns them as configured now, for what must be known before the app is built.
    /// </summary>
    public static SingleSignOnOptions Add(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SingleSignOnOptions>()
            .BindConfiguration(SingleSignOnOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SingleSignOnOptions>, SingleSignOnOptionsValidator>());
        return builder.Configuration.GetSection(SingleSignOnOptions.SectionName).Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
    }
}
