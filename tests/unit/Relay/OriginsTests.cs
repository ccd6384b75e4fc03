using Bridge.Relay;

namespace Bridge.UnitTests.Relay;

public sealed class OriginsTests
{
    [Theory]
    [InlineData("https://App.Example.com:443", "https://app.example.com")]
    [InlineData("HTTPS://APP.EXAMPLE.COM", "https://app.example.com")]
    [InlineData("http://example.com:80", "http://example.com")]
    [InlineData("https://example.com:8443", "https://example.com:8443")]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080")]
    [InlineData("https://app.example.com/", "https://app.example.com")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    [InlineData("https://BÜCHER.example:443/", "https://xn--bcher-kva.example")]
    public void NormalizesToTheBrowsersSerialization(string value, string expected)
    {
        var normalized = Origins.TryNormalize(value, out var origin, out var problem);

        Assert.True(normalized, problem);
        Assert.Equal(expected, origin);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" https://app.example.com")]
    [InlineData("https://app.example.com ")]
    [InlineData("*")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("ftp://x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://a.com/path")]
    [InlineData("http://a.com?q")]
    [InlineData("http://a.com?")]
    [InlineData("http://a.com#f")]
    [InlineData("http://a.com#")]
    [InlineData("http://user@a.com")]
    [InlineData("http://user:secret@a.com")]
    [InlineData("a.com")]
    [InlineData("a.com:8080")]
    [InlineData("/relative")]
    [InlineData("relative/path")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://[::ffff:7f00:1]")]
    [InlineData("http://127.1")]
    [InlineData("http://0x7f.0.0.1")]
    [InlineData("http://2130706433")]
    [InlineData("http://a.com/./")]
    [InlineData("http://a.com/../")]
    [InlineData("http://a.com/%2e")]
    [InlineData("http://@a.com")]
    [InlineData("http://a.com:")]
    public void RefusesAnythingButExactlyOneOrigin(string? value)
    {
        var normalized = Origins.TryNormalize(value, out var origin, out var problem);

        Assert.False(normalized, $"\"{value}\" was accepted as {origin}");
        Assert.Null(origin);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }
}
