namespace Bridge.Classic.Proxy;

/// <summary>The proxy's refusals and failures: the route id and the reason, never a body, a cookie or a query.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(1, LogLevel.Warning, "The demo proxy refused an unknown route \"{Id}\"")]
    public static partial void UnknownRoute(ILogger logger, string id);

    [LoggerMessage(2, LogLevel.Warning, "The demo proxy could not reach the upstream of route \"{Id}\": {Reason}")]
    public static partial void UpstreamUnreachable(ILogger logger, string id, string reason);

    [LoggerMessage(3, LogLevel.Warning, "The demo proxy refused method {Method} on route \"{Id}\"; nothing was sent upstream")]
    public static partial void MethodRefused(ILogger logger, string id, string method);

    [LoggerMessage(4, LogLevel.Warning, "The upstream of route \"{Id}\" redirected ({Status}); the demo proxy does not follow redirects")]
    public static partial void UpstreamRedirected(ILogger logger, string id, int status);

    [LoggerMessage(5, LogLevel.Warning, "The upstream of route \"{Id}\" answered with more than {MaxResponseBodyBytes} bytes; the demo proxy refused it")]
    public static partial void ResponseTooLarge(ILogger logger, string id, long maxResponseBodyBytes);

    [LoggerMessage(6, LogLevel.Warning, "The upstream of route \"{Id}\" did not answer within {Timeout}")]
    public static partial void UpstreamTimedOut(ILogger logger, string id, TimeSpan timeout);

    [LoggerMessage(7, LogLevel.Warning, "The demo proxy did not connect for route \"{Id}\": the upstream's address is {Reason}")]
    public static partial void AddressRefused(ILogger logger, string id, string reason);

    [LoggerMessage(8, LogLevel.Information, "The demo proxy route \"{Id}\" is marked Internal: it may connect to loopback, private and link-local addresses")]
    public static partial void InternalRoute(ILogger logger, string id);
}
