namespace Bridge.Demo;

/// <summary>Where the demo's two origins listen: configuration section <c>Demo</c>.</summary>
internal sealed class DemoSettings
{
    public const string SectionName = "Demo";

    /// <summary>The service origin: relay, bridge.js and the API.</summary>
    public Uri ServiceUrl { get; set; } = new("http://localhost:5081");

    /// <summary>The site origin: the demo page that calls the service.</summary>
    public Uri SiteUrl { get; set; } = new("http://localhost:5080");

    public static DemoSettings Read(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<DemoSettings>() ?? new DemoSettings();
}
