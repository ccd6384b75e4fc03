using Microsoft.Extensions.Logging;

namespace Bridge.Relay;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Bridge relay policy loaded: {SiteCount} site(s), page origins {Origins}")]
    public static partial void PolicyLoaded(ILogger logger, int siteCount, string origins);

    [LoggerMessage(2, LogLevel.Warning,
        "Bridge:Relay:AllowAnyOrigin is true: a page on any origin may use the relay with the policy of {Sites}")]
    public static partial void AnyOriginAllowed(ILogger logger, string sites);

    [LoggerMessage(3, LogLevel.Warning,
        "Bridge:Relay:AllowSubdomainWildcards is true: a page on any subdomain may use the relay through {Wildcards}")]
    public static partial void SubdomainWildcardsAllowed(ILogger logger, string wildcards);

    [LoggerMessage(4, LogLevel.Warning,
        "Bridge relay refused a relayed request ({Reason}) from {Origin}: {Method} {Path}")]
    public static partial void RequestRefused(ILogger logger, string reason, string origin, string method, string path);

    [LoggerMessage(5, LogLevel.Warning,
        "A browser refused to show the Bridge relay page at {DocumentOrigin} ({Directive}): a page the relay policy does not allow tried to frame it")]
    public static partial void PageRefusedByBrowser(ILogger logger, string directive, string documentOrigin);

    [LoggerMessage(6, LogLevel.Warning,
        "The Bridge relay page was requested for a frame on {Origin}, which no site of the relay policy allows: the browser will refuse to show it")]
    public static partial void PageRequestedByOriginNotAllowed(ILogger logger, string origin);

    [LoggerMessage(7, LogLevel.Error,
        "The changed Bridge relay configuration was refused, and the previous policy stays in force: {Reason}")]
    public static partial void PolicyChangeRefused(ILogger logger, string reason);

    [LoggerMessage(8, LogLevel.Warning,
        "Bridge:Relay:AllowCredentialsWithSubdomainWildcards is true: a page on any matching subdomain may make calls with the service's cookies through {Wildcards}")]
    public static partial void CredentialsWithSubdomainWildcardsAllowed(ILogger logger, string wildcards);
}
