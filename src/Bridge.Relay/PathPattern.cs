using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Bridge.Relay;

/// <summary>
/// A site's path pattern, and the decoding of request paths it is matched against. Patterns are written on the
/// percent-decoded path: a segment <c>*</c> is exactly one non-empty segment, a final <c>**</c> any number of
/// segments (zero included), any other segment is literal and case-sensitive.
/// </summary>
internal sealed class PathPattern
{
    private const string OneSegment = "*";
    private const string AnySegments = "**";

    private readonly string[] segments;

    private PathPattern(string value, string[] segments)
    {
        Value = value;
        this.segments = segments;
    }

    /// <summary>The pattern as configured, which is also its normalized form.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>Whether the decoded segments of a request path (from <see cref="TryDecodeRequestPath"/>) match.</summary>
    public bool Matches(IReadOnlyList<string> path)
    {
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == AnySegments)
            {
                return true;
            }
            if (i >= path.Count)
            {
                return false;
            }
            var matches = segment == OneSegment ? path[i].Length > 0 : string.Equals(segment, path[i], StringComparison.Ordinal);
            if (!matches)
            {
                return false;
            }
        }
        return segments.Length == path.Count;
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out PathPattern? pattern, [NotNullWhen(false)] out string? problem)
    {
        pattern = null;
        problem = Check(value);
        if (problem is not null)
        {
            return false;
        }
        pattern = new PathPattern(value!, Split(value!));
        return true;
    }

    /// <summary>
    /// Decodes the path of a request target (<c>/a/b%20c?query</c>) into its segments (<c>a</c>, <c>b c</c>).
    /// Refused outright: a target that is not a path, a segment that decodes to <c>.</c> or <c>..</c> or contains
    /// <c>/</c> or <c>\</c> (encoded or not), a malformed percent-escape, and bytes that are not UTF-8, because
    /// servers and the frameworks on them disagree about what such a path names.
    /// </summary>
    public static bool TryDecodeRequestPath(
        string rawTarget,
        [NotNullWhen(true)] out string[]? path,
        [NotNullWhen(false)] out string? problem)
    {
        path = null;
        var end = rawTarget.AsSpan().IndexOfAny('?', '#');
        var rawPath = end < 0 ? rawTarget : rawTarget[..end];
        if (!rawPath.StartsWith('/'))
        {
            problem = "the request target is not a path";
            return false;
        }
        var rawSegments = Split(rawPath);
        var decoded = new string[rawSegments.Length];
        for (var i = 0; i < rawSegments.Length; i++)
        {
            if (!TryDecodeSegment(rawSegments[i], out var segment, out problem))
            {
                return false;
            }
            if (segment is "." or "..")
            {
                problem = $"the segment \"{rawSegments[i]}\" is a dot segment";
                return false;
            }
            if (segment.AsSpan().IndexOfAny('/', '\\') >= 0)
            {
                problem = $"the segment \"{rawSegments[i]}\" contains a slash or a backslash";
                return false;
            }
            decoded[i] = segment;
        }
        path = decoded;
        problem = null;
        return true;
    }

    private static string? Check(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.StartsWith('/'))
        {
            return "a path pattern starts with \"/\"";
        }
        if (value.Trim() != value)
        {
            return "it has spaces around it";
        }
        if (value.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            return "a path pattern has no query or fragment";
        }
        if (value.Contains('\\', StringComparison.Ordinal))
        {
            return "a request path with \"\\\" is always refused, so this pattern could never match";
        }
        if (HasPercentEscape(value))
        {
            return "patterns match the decoded path, so write the character itself (\"/files/a b\", not \"/files/a%20b\")";
        }
        var segments = Split(value);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment is "." or "..")
            {
                return $"the segment \"{segment}\" is a dot segment, and requests with one are always refused";
            }
            if (segment == AnySegments && i != segments.Length - 1)
            {
                return "\"**\" may only be the last segment";
            }
            if (segment.Contains('*', StringComparison.Ordinal) && segment is not (OneSegment or AnySegments))
            {
                return $"the segment \"{segment}\" mixes \"*\" with other characters; \"*\" and \"**\" must be whole segments";
            }
        }
        return null;
    }

    /// <summary>The segments after the leading "/": "/" is one empty segment, "/a/" is "a" and an empty one.</summary>
    private static string[] Split(string path) => path[1..].Split('/');

    private static bool HasPercentEscape(string value)
    {
        for (var i = value.IndexOf('%', StringComparison.Ordinal); i >= 0; i = value.IndexOf('%', i + 1))
        {
            if (i + 2 < value.Length && char.IsAsciiHexDigit(value[i + 1]) && char.IsAsciiHexDigit(value[i + 2]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryDecodeSegment(string raw, [NotNullWhen(true)] out string? segment, [NotNullWhen(false)] out string? problem)
    {
        segment = null;
        if (raw.Contains('\\', StringComparison.Ordinal))
        {
            problem = $"the segment \"{raw}\" contains a slash or a backslash";
            return false;
        }
        if (!raw.Contains('%', StringComparison.Ordinal) && Ascii.IsValid(raw))
        {
            segment = raw;
            problem = null;
            return true;
        }
        var bytes = new List<byte>(raw.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    problem = $"the segment \"{raw}\" has a malformed percent-escape";
                    return false;
                }
                bytes.Add((byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2])));
                i += 2;
            }
            else if (char.IsAscii(c))
            {
                bytes.Add((byte)c);
            }
            else
            {
                // Not sent by browsers, which percent-encode the path, but a server may hand it over decoded.
                if (Rune.DecodeFromUtf16(raw.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                {
                    problem = $"the segment \"{raw}\" does not decode as UTF-8";
                    return false;
                }
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
                i += consumed - 1;
            }
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        if (!Utf8.IsValid(span))
        {
            problem = $"the segment \"{raw}\" does not decode as UTF-8";
            return false;
        }
        segment = Encoding.UTF8.GetString(span);
        problem = null;
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
