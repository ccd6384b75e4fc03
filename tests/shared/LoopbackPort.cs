using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Bridge.Testing;

/// <summary>
/// A loopback port the system chose (a bind to port 0) and that stays held: bound on 127.0.0.1 and on [::1] with the
/// same number, as Kestrel binds <c>localhost</c>, and not listening, so a connection to it is refused. An app told to
/// <see cref="ListenOn"/> it listens on these very sockets. So the number is known before any app is configured (apps
/// whose configurations name each other's origins can be built in any order), and while it is held the system gives
/// it to no other bind to port 0, as it could if the port were released and bound again. (A bind that names the number
/// could still share it until one of them listens: Linux allows that between sockets with SO_REUSEADDR, which .NET
/// sets.) A port no app listens on is a port where nothing answers. Linked into the e2e tests, the unit tests and the
/// benchmark.
/// </summary>
internal sealed class LoopbackPort : IDisposable
{
    /// <summary>How many numbers to try before giving up on one free on both loopback addresses.</summary>
    private const int Attempts = 10;

    private readonly Socket ipv4;
    private readonly Socket? ipv6;

    private LoopbackPort(Socket ipv4, Socket? ipv6)
    {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        Port = ((IPEndPoint)ipv4.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>Takes a port free on 127.0.0.1 and on [::1] (127.0.0.1 alone where there's no IPv6 loopback).</summary>
    public static LoopbackPort Take()
    {
        for (var attempt = 1; ; attempt++)
        {
            var ipv4 = SocketTransportOptions.CreateDefaultBoundListenSocket(new IPEndPoint(IPAddress.Loopback, 0));
            try
            {
                return new LoopbackPort(ipv4, BindIPv6(((IPEndPoint)ipv4.LocalEndPoint!).Port));
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Free on 127.0.0.1 but taken on [::1]: another number.
                ipv4.Dispose();
                if (attempt == Attempts)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Has the app's Kestrel listen on the held sockets when it binds this port (for a URL such as
    /// <c>http://localhost:{Port}</c>); any other endpoint it binds as it would have. Kestrel closes them when the app
    /// stops.
    /// </summary>
    public void ListenOn(WebApplicationBuilder builder) =>
        builder.WebHost.UseSockets(options =>
        {
            var otherwise = options.CreateBoundListenSocket;
            options.CreateBoundListenSocket = endpoint => Held(endpoint) ?? otherwise(endpoint);
        });

    /// <summary>
    /// Releases the port, once the app listening on it, if any, has stopped (Kestrel has closed the sockets by then;
    /// closing them again does nothing).
    /// </summary>
    public void Dispose()
    {
        ipv4.Dispose();
        ipv6?.Dispose();
    }

    private static Socket? BindIPv6(int port)
    {
        try
        {
            return SocketTransportOptions.CreateDefaultBoundListenSocket(new IPEndPoint(IPAddress.IPv6Loopback, port));
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            // No IPv6 loopback here: Kestrel's localhost is 127.0.0.1 alone too (it says so in a warning).
            return null;
        }
    }

    private Socket? Held(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip when ip.Port == Port && ip.Address.Equals(IPAddress.Loopback) => ipv4,
        IPEndPoint ip when ip.Port == Port && ip.Address.Equals(IPAddress.IPv6Loopback) => ipv6,
        _ => null,
    };
}
