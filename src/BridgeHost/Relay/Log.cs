using Microsoft.Extensions.Logging;

namespace Bridge.Relay;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Bridge relay policy loaded: allowed origins {Origins}")]
    public static partial void PolicyLoaded(ILogger logger, string origins);
}
