using Bridge.Relay;

namespace Bridge.UnitTests.Relay;

public sealed class OriginPatternTests
{
    [Theory]
    [InlineData("https://App.Example.com:443/", nameof(OriginPatternKind.Exact), "https://app.example.com")]
    [InlineData("HTTPS://*.Example.COM:443/", nameof(OriginPatternKind.Subdomains), "https://*.example.com")]
    [InlineData("http://*.example.com:8080", nameof(OriginPatternKind.Subdomains), "http://*.example.com:8080")]
    [InlineData("https://*.bücher.example", nameof(OriginPatternKind.Subdomains), "https://*.xn--bcher-kva.example")]
    [InlineData("*", nameof(OriginPatternKind.Any), "*")]
    public void NormalizesEachKindOfEntry(string value, string kind, string normalized)
    {
        Assert.True(OriginPattern.TryParse(value, allowAnyOrigin: true, allowSubdomainWildcards: true, out var pattern, out var problem), problem);

        Assert.Equal(kind, pattern.Kind.ToString());
        Assert.Equal(normalized, pattern.Value);
    }

    [Theory]
    [InlineData("https://a.example.com", true)]
    [InlineData("https://a.b.example.com", true)]
    [InlineData("https://xn--bcher-kva.example.com", true)]
    [InlineData("https://example.com", false)]
    [InlineData("https://badexample.com", false)]
    [InlineData("https://a.badexample.com", false)]
    [InlineData("https://.example.com", false)]
    [InlineData("https://a..example.com", false)]
    [InlineData("http://a.example.com", false)]
    [InlineData("http://ab.example.com", false)]
    [InlineData("https://a.example.com:8443", false)]
    [InlineData("https://a.example.com.evil.com", false)]
    [InlineData("https://A.example.com", false)]
    [InlineData("https://a/b.example.com", false)]
    [InlineData("https://evil.com/.example.com", false)]
    [InlineData("https://evil.com:1@a.example.com", false)]
    [InlineData("null", false)]
    public void SubdomainWildcardMatchesWholeLabelsOnly(string origin, bool matches)
    {
        Assert.True(OriginPattern.TryParse("https://*.example.com", false, true, out var pattern, out var problem), problem);

        Assert.Equal(matches, pattern.Matches(origin));
    }

    [Theory]
    [InlineData("https://a.example.com:8443", true)]
    [InlineData("https://a.example.com", false)]
    [InlineData("https://a.example.com:443", false)]
    public void SubdomainWildcardKeepsItsPort(string origin, bool matches)
    {
        Assert.True(OriginPattern.TryParse("https://*.example.com:8443", false, true, out var pattern, out var problem), problem);

        Assert.Equal(matches, pattern.Matches(origin));
    }

    [Theory]
    [InlineData("https://app.example.com", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("null", false)]
    [InlineData("", false)]
    [InlineData("app.example.com", false)]
    [InlineData("https://app.example.com/", false)]
    [InlineData("https://App.example.com", false)]
    [InlineData("https://app.example.com:443", false)]
    [InlineData("https://user@app.example.com", false)]
    [InlineData("file:///etc/passwd", false)]
    public void AnyOriginMatchesOnlyWhatABrowserWouldSend(string origin, bool matches)
    {
        Assert.True(OriginPattern.TryParse("*", true, false, out var pattern, out var problem), problem);

        Assert.Equal(matches, pattern.Matches(origin));
    }

    [Fact]
    public void ExactEntryMatchesByOrdinalEquality()
    {
        Assert.True(OriginPattern.TryParse("https://app.example.com", false, false, out var pattern, out var problem), problem);

        Assert.True(pattern.Matches("https://app.example.com"));
        Assert.False(pattern.Matches("https://APP.example.com"));
        Assert.False(pattern.Matches("https://app.example.com.evil.com"));
        Assert.False(pattern.Matches("https://sub.app.example.com"));
    }
}
