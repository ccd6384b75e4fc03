using System.Globalization;
using Microsoft.Extensions.Options;

namespace Bridge.Relay;

/// <summary>Refuses a relay policy that is empty or names anything but exact origins, reporting every problem at once.</summary>
internal sealed class BridgeRelayOptionsValidator : IValidateOptions<BridgeRelayOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeRelayOptions options)
    {
        var failures = new List<string>();
        if (options.AllowedOrigins.Count == 0)
        {
            failures.Add(
                $"{BridgeRelayOptions.SectionName}:AllowedOrigins is empty, so the relay would serve no site. " +
                "List the exact origins of the sites that may call this service, e.g. \"https://app.example.com\".");
        }
        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            var value = options.AllowedOrigins[i];
            if (!Origins.TryNormalize(value, out _, out var problem))
            {
                var key = $"{BridgeRelayOptions.SectionName}:AllowedOrigins:{i.ToString(CultureInfo.InvariantCulture)}";
                failures.Add(
                    $"{key} = \"{value}\" is not an origin: {problem}. " +
                    "Expected scheme://host[:port], e.g. \"https://app.example.com\".");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
