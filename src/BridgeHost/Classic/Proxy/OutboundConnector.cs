using System.Net;
using System.Net.Sockets;

namespace Bridge.Classic.Proxy;

/// <summary>
/// The proxy's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the upstream's name once, keeps only the
/// addresses <see cref="OutboundAddressRule"/> allows (all of them for internal routes), and connects to one of
/// those addresses itself, so no second resolution can swap in another.
/// </summary>
internal sealed class OutboundConnector(IOutboundNetwork network, bool allowInternal)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await network.ResolveAsync(host, cancellation);
        var allowed = allowInternal ? addresses : [.. addresses.Where(address => OutboundAddressRule.WhyRefused(address) is null)];
        if (allowed.Length == 0)
        {
            var reason = addresses.Length == 0 ? "unknown (the name has no address)" : OutboundAddressRule.WhyRefused(addresses[0])!;
            throw new OutboundAddressRefusedException(host, reason);
        }
        Exception? last = null;
        foreach (var address in allowed)
        {
            try
            {
                return await network.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellation);
            }
            catch (Exception exception) when (exception is SocketException or IOException)
            {
                last = exception;
            }
        }
        throw last!;
    }
}

/// <summary>Thrown by <see cref="OutboundConnector"/> when every address of the upstream is refused.</summary>
internal sealed class OutboundAddressRefusedException(string host, string reason)
    : IOException($"The proxy does not connect to {host}: its address is {reason}. Mark the route Internal if that is meant.")
{
    public string Host { get; } = host;

    public string Reason { get; } = reason;
}
