using System.Net;
using System.Net.Sockets;

namespace Bridge.Classic.Proxy;

/// <summary>Name resolution and connecting, apart, so tests can stand in for the network.</summary>
internal interface IOutboundNetwork
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation);

    ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellation);
}

internal sealed class SystemOutboundNetwork : IOutboundNetwork
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation) => Dns.GetHostAddressesAsync(host, cancellation);

    public async ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellation)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
