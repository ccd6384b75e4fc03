using System.Net;
using System.Net.Sockets;

namespace Bridge.Http;

/// <summary>
/// Connects an <see cref="HttpClient"/> to <c>*.localhost</c> names on the loopback interface, as RFC 6761 reserves them
/// and as browsers and Kestrel treat them; the system resolver here does not (glibc resolves <c>localhost</c> alone).
/// Other names resolve as usual.
/// </summary>
internal static class LocalhostNames
{
    public static SocketsHttpHandler Handler() => new() { ConnectCallback = ConnectAsync };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) ? "localhost" : endpoint.Host;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(host, endpoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
