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
    [InlineData("app.onData")]
    [InlineData("$_cb1")]
    public async Task WrapsTheDataInACallOfTheCallback(string callback)
    {
        await using var app = await StartAsync();

        using var response = await app.GetTestClient().GetAsync($"/jsonp/hello?callback={callback}", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"/**/{callback}({{\"message\":\"Hello from the Bridge demo service\"}});", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Theory]
    [InlineData("")]
    [InlineData("alert(1)//")]
    [InlineData("a..b")]
    [InlineData("1abc")]
    [InlineData("a b")]
    [InlineData("a\u2028b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task RefusesACallbackThatIsNotAnIdentifierPath(string callback)
    {
        await using var app = await StartAsync();

        using var response = await app.GetTestClient().GetAsync($"/jsonp/hello?callback={Uri.EscapeDataString(callback)}", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Hello from", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
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
