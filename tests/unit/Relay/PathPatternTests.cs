using Bridge.Relay;

namespace Bridge.UnitTests.Relay;

/// <summary>Request paths as sent on the wire (raw targets), decoded and matched as the contract says.</summary>
public sealed class PathPatternTests
{
    [Theory]
    [InlineData("/", new[] { "" })]
    [InlineData("/api/hello", new[] { "api", "hello" })]
    [InlineData("/api/hello?x=1&y=/../", new[] { "api", "hello" })]
    [InlineData("/api/?../..", new[] { "api", "" })]
    [InlineData("/api/a%20b", new[] { "api", "a b" })]
    [InlineData("/api/caf%C3%A9", new[] { "api", "café" })]
    [InlineData("/api/café", new[] { "api", "café" })]
    [InlineData("/api/%41PI", new[] { "api", "API" })]
    [InlineData("/api/100%25", new[] { "api", "100%" })]
    [InlineData("//host/api", new[] { "", "host", "api" })]
    [InlineData("/api//x", new[] { "api", "", "x" })]
    [InlineData("/api/...", new[] { "api", "..." })]
    [InlineData("/api/.hidden", new[] { "api", ".hidden" })]
    [InlineData("/api/a..b", new[] { "api", "a..b" })]
    public void DecodesEachSegment(string rawTarget, string[] segments)
    {
        Assert.True(PathPattern.TryDecodeRequestPath(rawTarget, out var path, out var problem), problem);

        Assert.Equal(segments, path);
    }

    [Theory]
    [InlineData("/api/..", "dot segment")]
    [InlineData("/api/../admin", "dot segment")]
    [InlineData("/api/.", "dot segment")]
    [InlineData("/api/./x", "dot segment")]
    [InlineData("/api/%2e%2e/admin", "dot segment")]
    [InlineData("/api/%2E%2E/admin", "dot segment")]
    [InlineData("/api/%2E./admin", "dot segment")]
    [InlineData("/api/.%2e/admin", "dot segment")]
    [InlineData("/api/%2e", "dot segment")]
    [InlineData("/api/a%2fb", "slash")]
    [InlineData("/api/a%2Fb", "slash")]
    [InlineData("/api/%2F%2Fhost", "slash")]
    [InlineData("/api/a%5cb", "slash or a backslash")]
    [InlineData("/api/a%5Cb", "slash or a backslash")]
    [InlineData("/api\\..\\admin", "slash or a backslash")]
    [InlineData("/api/a\\b", "slash or a backslash")]
    [InlineData("/api/%ff", "UTF-8")]
    [InlineData("/api/%C3", "UTF-8")]
    [InlineData("/api/%c0%ae%c0%ae", "UTF-8")]
    [InlineData("/api/%ED%A0%80", "UTF-8")]
    [InlineData("/api/%zz", "percent-escape")]
    [InlineData("/api/%2", "percent-escape")]
    [InlineData("/api/%", "percent-escape")]
    [InlineData("api/hello", "not a path")]
    [InlineData("http://service.example.com/api/hello", "not a path")]
    [InlineData("*", "not a path")]
    [InlineData("", "not a path")]
    public void RefusesAmbiguousPaths(string rawTarget, string reason)
    {
        Assert.False(PathPattern.TryDecodeRequestPath(rawTarget, out var path, out var problem), $"decoded as /{string.Join('/', path ?? [])}");

        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/**", "/api", true)]
    [InlineData("/api/**", "/api/", true)]
    [InlineData("/api/**", "/api/hello", true)]
    [InlineData("/api/**", "/api/a/b/c", true)]
    [InlineData("/api/**", "/api//x", true)]
    [InlineData("/api/**", "/apix", false)]
    [InlineData("/api/**", "/API/hello", false)]
    [InlineData("/api/**", "/", false)]
    [InlineData("/api/**", "//host/api", false)]
    [InlineData("/api/**", "/api/%2e%2e/admin", false)]
    [InlineData("/api/**", "/api/a%2fb", false)]
    [InlineData("/api/*", "/api/x", true)]
    [InlineData("/api/*", "/api/x%2Fy", false)]
    [InlineData("/api/*", "/api/x/y", false)]
    [InlineData("/api/*", "/api", false)]
    [InlineData("/api/*", "/api/", false)]
    [InlineData("/api/*/edit", "/api/7/edit", true)]
    [InlineData("/api/*/edit", "/api//edit", false)]
    [InlineData("/api/*/edit", "/api/7/8/edit", false)]
    [InlineData("/api/items/*/**", "/api/items/7", true)]
    [InlineData("/api/items/*/**", "/api/items/7/parts/1", true)]
    [InlineData("/api/items/*/**", "/api/items", false)]
    [InlineData("/api/hello", "/api/hello", true)]
    [InlineData("/api/hello", "/api/hello?x=/admin", true)]
    [InlineData("/api/hello", "/api/Hello", false)]
    [InlineData("/api/hello", "/api/hello/", false)]
    [InlineData("/api/hello", "/api/%68ello", true)]
    [InlineData("/api/hello", "/api/hello/..", false)]
    [InlineData("/files/a b", "/files/a%20b", true)]
    [InlineData("/files/a+b", "/files/a%2Bb", true)]
    [InlineData("/files/a+b", "/files/a%20b", false)]
    [InlineData("/**", "/", true)]
    [InlineData("/**", "/anything/at/all", true)]
    [InlineData("/", "/", true)]
    [InlineData("/", "/x", false)]
    [InlineData("/*", "/", false)]
    public void MatchesTheDecodedPath(string pattern, string rawTarget, bool allowed)
    {
        Assert.True(PathPattern.TryParse(pattern, out var parsed, out var problem), problem);

        var matches = PathPattern.TryDecodeRequestPath(rawTarget, out var path, out _) && parsed.Matches(path);

        Assert.Equal(allowed, matches);
    }
}
