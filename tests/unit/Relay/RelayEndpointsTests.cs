using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.UnitTests.Infrastructure;

namespace Bridge.UnitTests.Relay;

/// <summary>The headers of the relay page and of the client scripts, over HTTP.</summary>
public sealed class RelayEndpointsTests
{
    private static readonly Uri RelayPage = new("/bridge/relay.html", UriKind.Relative);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RelayPageIsFramableOnlyThroughItsCsp()
    {
        await using var host = await RelayTestHost.StartAsync();

        using var response = await host.Client.GetAsync(RelayPage, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Header("Content-Security-Policy"));
        // X-Frame-Options has no allow-list: any value would block the allowed sites, so frame-ancestors alone decides.
        Assert.Null(response.Header("X-Frame-Options"));
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Equal("no-referrer", response.Header("Referrer-Policy"));
    }

    [Theory]
    [InlineData("inactive", "load")]
    [InlineData("none", null)]
    [InlineData("active", null)]
    [InlineData(null, null)]
    public async Task RelayPageActivatesAnInactiveStorageAccessGrantAtLoad(string? storageAccess, string? activation)
    {
        await using var host = await RelayTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, RelayPage);
        if (storageAccess is not null)
        {
            request.Headers.Add("Sec-Fetch-Storage-Access", storageAccess);
        }

        using var response = await host.Client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(activation, response.Header("Activate-Storage-Access"));
        Assert.Contains("Sec-Fetch-Storage-Access", response.Headers.Vary);
    }

    [Fact]
    public async Task RelayPageLetsAPopupKeepItsOpener()
    {
        await using var host = await RelayTestHost.StartAsync();

        using var response = await host.Client.GetAsync(RelayPage, Cancellation);

        // The interactive connection talks to the relay page in a popup through window.opener, which a
        // Cross-Origin-Opener-Policy other than unsafe-none would sever.
        Assert.Null(response.Header("Cross-Origin-Opener-Policy"));
    }

    [Fact]
    public async Task RelayPageIsNotModifiedForItsETag()
    {
        await using var host = await RelayTestHost.StartAsync();
        using var first = await host.Client.GetAsync(RelayPage, Cancellation);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, RelayPage);
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await host.Client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(Cancellation));
    }

    [Theory]
    [InlineData("bridge.js")]
    [InlineData("bridge.mjs")]
    public async Task ScriptIsJavaScriptForAnyOrigin(string file)
    {
        await using var host = await RelayTestHost.StartAsync();

        using var response = await host.Client.GetAsync(ScriptUri(file), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Equal("cross-origin", response.Header("Cross-Origin-Resource-Policy"));
        Assert.NotNull(response.Headers.ETag);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.DoesNotContain("immutable", response.Header("Cache-Control") ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bridge.js")]
    [InlineData("bridge.mjs")]
    public async Task HeadAnswersTheScriptsHeadersWithoutItsBody(string file)
    {
        await using var host = await RelayTestHost.StartAsync();
        using var get = await host.Client.GetAsync(ScriptUri(file), Cancellation);

        using var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, ScriptUri(file)), Cancellation);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/javascript", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancellation));
    }

    [Theory]
    [InlineData("bridge.js")]
    [InlineData("bridge.mjs")]
    public async Task ScriptIsImmutableOnlyAtItsContentVersion(string file)
    {
        await using var host = await RelayTestHost.StartAsync();
        var content = await host.Client.GetByteArrayAsync(ScriptUri(file), Cancellation);
        var version = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        var wrongVersion = version == "0000000000000000" ? "1111111111111111" : "0000000000000000";

        using var versioned = await host.Client.GetAsync(ScriptUri(file, version), Cancellation);
        using var misversioned = await host.Client.GetAsync(ScriptUri(file, wrongVersion), Cancellation);

        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Contains("immutable", versioned.Header("Cache-Control") ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, misversioned.StatusCode);
        Assert.DoesNotContain("immutable", misversioned.Header("Cache-Control") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntegrityListsEachScriptsVersionedUrlAndHash()
    {
        await using var host = await RelayTestHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri("/bridge/integrity.json", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Equal("*", response.Header("Access-Control-Allow-Origin"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(["bridge.js", "bridge.mjs"], document.RootElement.EnumerateObject().Select(property => property.Name));
        foreach (var file in new[] { "bridge.js", "bridge.mjs" })
        {
            var entry = document.RootElement.GetProperty(file);
            var content = await host.Client.GetByteArrayAsync(ScriptUri(file), Cancellation);
            var version = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
            Assert.Equal($"/bridge/{file}?v={version}", entry.GetProperty("url").GetString());
            Assert.Equal("sha384-" + Convert.ToBase64String(SHA384.HashData(content)), entry.GetProperty("integrity").GetString());

            using var pinned = await host.Client.GetAsync(new Uri(entry.GetProperty("url").GetString()!, UriKind.Relative), Cancellation);
            Assert.Contains("immutable", pinned.Header("Cache-Control") ?? "", StringComparison.Ordinal);
        }
    }

    private static Uri ScriptUri(string file, string? version = null) =>
        new(version is null ? $"/bridge/{file}" : $"/bridge/{file}?v={version}", UriKind.Relative);
}
