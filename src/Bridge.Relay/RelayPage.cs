using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bridge.Relay;

/// <summary>
/// One relay page: a constant document with the relay script inline (allowed by its hash) and, for a page that
/// serves, the policy of exactly one page origin as a JSON data block, plus the Content-Security-Policy that lets
/// only that origin frame it. The URL contract is in docs/relay-url.md.
/// </summary>
internal sealed class RelayPage
{
    /// <summary>
    /// The query parameter that names the framing page's origin: <c>relay.html?origin=https%3A%2F%2Fapp.example.com</c>.
    /// The client spells it in src/bridge-ts/src/protocol/relay-url.ts.
    /// </summary>
    public const string OriginParameter = "origin";

    /// <summary>Where browsers post violation reports, relative to the relay page.</summary>
    public const string CspReportPath = "csp-report";

    // The JSON is written by System.Text.Json, whose default encoder escapes <, >, & and quotes, so no data can
    // end the data block; the script is checked below for the one sequence that could end its element.
    private const string Head = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Bridge relay</title>\n";
    private const string ConfigStart = "<script type=\"application/json\" id=\"bridge-relay-config\">";
    private const string ConfigEnd = "</script>\n";
    private const string BodyStart = "</head>\n<body>\n<script>";
    private const string BodyEnd = "</script>\n</body>\n</html>\n";

    // camelCase names; the default encoder, which escapes <, > and &.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private RelayPage(ClientAsset relayScript, object? config, IEnumerable<string> extraDirectives)
    {
        var script = relayScript.Text;
        if (script.Contains("</script", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The relay script contains \"</script\" and cannot be inlined.");
        }
        var block = config is null ? "" : ConfigStart + JsonSerializer.Serialize(config, JsonOptions) + ConfigEnd;
        Content = Encoding.UTF8.GetBytes(Head + block + BodyStart + script + BodyEnd);
        ContentSecurityPolicy = string.Join("; ",
            new[] { "default-src 'none'", $"script-src {relayScript.Sha256Source}", "base-uri 'none'", "form-action 'none'" }
                .Concat(extraDirectives));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(ContentSecurityPolicy));
        hash.AppendData(Content);
        ETag = $"\"{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}\"";
    }

    public byte[] Content { get; }

    public string ContentSecurityPolicy { get; }

    /// <summary>A hash of the content and the CSP: a page that serves another origin or policy has another tag.</summary>
    public string ETag { get; }

    /// <summary>
    /// The page for a page origin the policy allows: that origin's site policy alone, framed by that origin alone.
    /// <paramref name="origin"/> must be a serialized origin that is a valid CSP source (see <see cref="RelayPages"/>).
    /// </summary>
    public static RelayPage Serving(string origin, SitePolicy site, ClientAsset relayScript) => new(
        relayScript,
        new ServingConfig(RelayHeaders.Origin, origin, SiteConfig.From(site), HeaderRules.Instance),
        [
            "connect-src 'self'",
            "frame-ancestors " + origin,
            // Relative to the relay page: the host logs what browsers refuse, e.g. another page framing it.
            "report-uri " + CspReportPath,
        ]);

    /// <summary>
    /// The page for an origin no site allows, or a malformed parameter: no policy, no frame may show it, and the same
    /// bytes and headers whatever origin was named, so it tells nothing about the policy.
    /// </summary>
    public static RelayPage ServingNobody(ClientAsset relayScript) =>
        new(relayScript, null, ["frame-ancestors 'none'", "report-uri " + CspReportPath]);

    /// <summary>
    /// The page at the relay URL without <see cref="OriginParameter"/>, for clients that predate it: it holds no
    /// policy and serves nobody, but when its parent says hello it moves to the URL naming the parent's origin as the
    /// browser reports it (<c>MessageEvent.origin</c>), whose own frame policy then decides. Those clients say hello
    /// again on the frame's next load. Any page may frame it, since it reveals and does nothing else.
    /// </summary>
    public static RelayPage Forwarding(ClientAsset relayScript) => new(relayScript, new ForwardingConfig(true), []);

    /// <summary>The data block of a serving page: see docs/relay-policy-contract.md.</summary>
    private sealed record ServingConfig(string OriginHeader, string Origin, SiteConfig Site, HeaderRules Headers);

    /// <summary>The header rules the relay script applies besides the site's: defined once, here, for both sides.</summary>
    private sealed record HeaderRules(IReadOnlyList<string> Forbidden, IReadOnlyList<string> ForbiddenPrefixes, IReadOnlyList<string> MethodOverride)
    {
        public static readonly HeaderRules Instance = new(
            RelayHeaders.ForbiddenRequestHeaderNames,
            RelayHeaders.ForbiddenRequestHeaderPrefixes,
            [.. RelayHeaders.MethodOverrideHeaders.Select(name => name.ToLowerInvariant())]);
    }

    private sealed record ForwardingConfig(bool Forwarding);

    private sealed record SiteConfig(
        IReadOnlyList<string> Paths,
        IReadOnlyList<string> Methods,
        IReadOnlyList<string> RequestHeaders,
        IReadOnlyList<string> ExposedHeaders,
        bool AllowCredentials,
        long MaxRequestBodyBytes,
        long MaxResponseBodyBytes)
    {
        public static SiteConfig From(SitePolicy site) => new(
            [.. site.Paths.Select(path => path.Value)],
            site.Methods,
            site.RequestHeaders,
            site.ExposedHeaders,
            site.AllowCredentials,
            site.MaxRequestBodyBytes,
            site.MaxResponseBodyBytes);
    }
}
