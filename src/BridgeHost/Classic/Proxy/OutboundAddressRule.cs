using System.Net;
using System.Net.Sockets;

namespace Bridge.Classic.Proxy;

/// <summary>
/// Which addresses a public route may connect to: none on this machine or its networks. Checked on the address the
/// connection is actually made to (see <see cref="OutboundConnector"/>), so a name that resolves, or re-resolves,
/// to an internal address (DNS rebinding) gets no further than one that is written as one.
/// </summary>
internal static class OutboundAddressRule
{
    /// <summary>Why a public route may not connect to <paramref name="address"/>, or null if it may.</summary>
    public static string? WhyRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => WhyRefusedV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => WhyRefusedV6(address),
            _ => "not an IP address",
        };
    }

    private static string? WhyRefusedV4(byte[] b) => b switch
    {
        [0, ..] => "unspecified (0.0.0.0/8)",
        [127, ..] => "loopback (127.0.0.0/8)",
        [10, ..] => "private (10.0.0.0/8)",
        [172, >= 16 and <= 31, ..] => "private (172.16.0.0/12)",
        [192, 168, ..] => "private (192.168.0.0/16)",
        [169, 254, ..] => "link-local (169.254.0.0/16, where cloud metadata services answer)",
        [100, >= 64 and <= 127, ..] => "shared address space (100.64.0.0/10)",
        [>= 224, ..] => "multicast or reserved (224.0.0.0/3)",
        _ => null,
    };

    private static string? WhyRefusedV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return address switch
        {
            _ when address.Equals(IPAddress.IPv6Any) => "unspecified (::)",
            _ when address.Equals(IPAddress.IPv6Loopback) => "loopback (::1)",
            _ when (b[0] & 0xfe) == 0xfc => "unique local (fc00::/7)",
            _ when b[0] == 0xfe && (b[1] & 0xc0) == 0x80 => "link-local (fe80::/10)",
            _ when b[0] == 0xfe && (b[1] & 0xc0) == 0xc0 => "site-local (fec0::/10)",
            _ when b[0] == 0xff => "multicast (ff00::/8)",
            // ::a.b.c.d (IPv4-compatible) and 64:ff9b::a.b.c.d (NAT64) carry an IPv4 address: judge that one.
            _ when b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 => WhyRefusedV4(b[12..]),
            _ when b.AsSpan(0, 12).SequenceEqual(Nat64Prefix) => WhyRefusedV4(b[12..]),
            _ => null,
        };
    }

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}
