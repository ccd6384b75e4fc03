using System.Net;
using Bridge.Classic.Jsonp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Bridge.UnitTests.Classic;

public sealed class JsonpEndpointsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("handleHello")]
    [InlineData("$_cb1")]
    [InlineData("_")]
    public async Task WrapsTheDataInAGuardedCallOfTheCallback(string callback)
    {
        await using var app = await StartAsync();

        using var response = await app.GetTestClient().GetAsync($"/jsonp/hello?callback={callback}", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(
            $"/**/typeof {callback} === \"function\" && {callback}({{\"message\":\"Hello from the Bridge demo service\"}});",
            await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Theory]
    [InlineData("")]
    [InlineData("alert\n")]
    [InlineData("alert\r\n")]
    [InlineData("alert(1)//")]
    [InlineData("app.onData")]
    [InlineData("location.assign")]
    [InlineData("a..b")]
    [InlineData("1abc")]
    [InlineData("a b")]
    [InlineData("a\u2028b")]
    [InlineData("caf\u00e9")]
    [InlineData("eval")]
    [InlineData("setTimeout")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task RefusesACallbackThatIsNotOnePlainIdentifierAndSaysNosniff(string callback)
    {
        await using var app = await StartAsync();

        using var response = await app.GetTestClient().GetAsync($"/jsonp/hello?callback={Uri.EscapeDataString(callback)}", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("callback", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello from", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAMissingCallback()
    {
        await using var app = await StartAsync();

        using var response = await app.GetTestClient().GetAsync("/jsonp/hello", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.DoesNotContain("Hello from", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersHeadWithoutABody()
    {
        await using var app = await StartAsync();

        using var response = await app.GetTestClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/jsonp/hello?callback=cb"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancellation));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    public async Task RefusesOtherMethodsWith405AndAllow(string method)
    {
        await using var app = await StartAsync();

        using var response = await app.GetTestClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), "/jsonp/hello?callback=cb"), Cancellation);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET, HEAD"], response.Content.Headers.Allow.Count > 0 ? [string.Join(", ", response.Content.Headers.Allow)] : response.Headers.GetValues("Allow"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.DoesNotContain("Hello from", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownResourceIsNotFoundWithNosniff()
    {
        await using var app = await StartAsync();

        using var response = await app.GetTestClient().GetAsync("/jsonp/nope/deeper?callback=cb", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        JsonpEndpoints.Map(app);
        await app.StartAsync(Cancellation);
        return app;
    }
}
