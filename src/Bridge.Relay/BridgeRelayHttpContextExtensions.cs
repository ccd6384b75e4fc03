using Bridge.Relay;

namespace Microsoft.AspNetCore.Http;

/// <summary>What the Bridge relay tells the app about a request.</summary>
public static class BridgeRelayHttpContextExtensions
{
    /// <summary>
    /// The origin of the page a request was relayed for, once the relay policy accepted the request for that
    /// origin; null for a request that was not relayed. The request itself is same-origin: use this, not the
    /// <c>Origin</c> header, to tell which site's page asked.
    /// </summary>
    public static string? GetBridgeRelayOrigin(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RelayedRequestFeature>()?.Origin;
    }
}
