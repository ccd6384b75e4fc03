namespace Bridge.Classic.Cors;

/// <summary>
/// The <c>/cors</c> copy of the API's CORS policy: configuration section <c>Demo:Cors</c>, validated at start-up by
/// <see cref="DemoCorsOptionsValidator"/>. Every list names exact values; nothing is allowed by wildcard.
/// </summary>
internal sealed class DemoCorsOptions
{
    public const string SectionName = "Demo:Cors";

    /// <summary>Exact origins (scheme://host[:port]) that get CORS headers; empty means the demo site's origin.</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>Methods a preflight may grant, e.g. <c>PUT</c>; empty grants none beyond what needs no preflight.</summary>
    public List<string> Methods { get; set; } = [];

    /// <summary>Request headers a preflight may grant, by name. Never <c>*</c>, never <c>bridge-relay-origin</c>.</summary>
    public List<string> Headers { get; set; } = [];

    /// <summary>Response headers beyond the safelisted ones that the page may read.</summary>
    public List<string> ExposedHeaders { get; set; } = [];

    /// <summary>Whether the page may send cookies and read the answer to a credentialed request.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>How long the browser may keep a preflight's answer (Access-Control-Max-Age).</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
