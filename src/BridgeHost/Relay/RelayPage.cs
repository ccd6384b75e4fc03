using System.Text;
using System.Text.Json;

namespace Bridge.Relay;

/// <summary>
/// The relay page for one policy: a constant document with the relay script inline (allowed by its hash) and the
/// policy as a JSON data block, plus the Content-Security-Policy generated from the same policy.
/// </summary>
internal sealed class RelayPage
{
    // The JSON is written by System.Text.Json, whose default encoder escapes <, >, & and quotes, so no data can
    // end the data block; the script is checked below for the one sequence that could end its element.
    private const string BeforeConfig =
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Bridge relay</title>\n" +
        "<script type=\"application/json\" id=\"bridge-relay-config\">";
    private const string BetweenConfigAndScript = "</script>\n</head>\n<body>\n<script>";
    private const string AfterScript = "</script>\n</body>\n</html>\n";

    public RelayPage(RelayPolicy policy, ClientAsset relayScript)
    {
        var script = relayScript.Text;
        if (script.Contains("</script", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The relay script contains \"</script\" and cannot be inlined.");
        }
        var config = JsonSerializer.Serialize(RelayPageConfig.From(policy), JsonOptions);
        Content = Encoding.UTF8.GetBytes(BeforeConfig + config + BetweenConfigAndScript + script + AfterScript);
        ContentSecurityPolicy = string.Join("; ",
            "default-src 'none'",
            $"script-src {relayScript.Sha256Source}",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            // Exact origins, "https://*.example.com" and "*" are all CSP source expressions meaning what they mean
            // in the policy (a wildcard host-source matches one or more labels, with the same scheme and port).
            "frame-ancestors " + string.Join(' ', policy.FrameAncestors),
            // Relative to the relay page: the host logs what browsers refuse, e.g. a site not allowed framing it.
            "report-uri " + CspReportPath);
        ETag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content))[..16]}\"";
    }

    /// <summary>Where browsers post violation reports, relative to the relay page.</summary>
    public const string CspReportPath = "csp-report";

    public byte[] Content { get; }

    public string ContentSecurityPolicy { get; }

    public string ETag { get; }

    // camelCase names; the default encoder, which escapes <, > and &.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The data block the relay script reads: see docs/relay-policy-contract.md.</summary>
    private sealed record RelayPageConfig(string OriginHeader, IReadOnlyList<SiteConfig> Sites)
    {
        public static RelayPageConfig From(RelayPolicy policy) => new(
            RelayHeaders.Origin,
            [.. policy.Sites.Select(site => new SiteConfig(
                [.. site.Origins.Select(origin => origin.Value)],
                [.. site.Paths.Select(path => path.Value)],
                site.Methods,
                site.RequestHeaders,
                site.ExposedHeaders,
                site.AllowCredentials,
                site.MaxRequestBodyBytes,
                site.MaxResponseBodyBytes))]);
    }

    private sealed record SiteConfig(
        IReadOnlyList<string> Origins,
        IReadOnlyList<string> Paths,
        IReadOnlyList<string> Methods,
        IReadOnlyList<string> RequestHeaders,
        IReadOnlyList<string> ExposedHeaders,
        bool AllowCredentials,
        long MaxRequestBodyBytes,
        long MaxResponseBodyBytes);
}
