using System.Net;
using System.Text.Json;
using Bridge.Classic.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.UnitTests.Classic;

public sealed class ProxyRoutesTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForwardsARouteToItsFixedUrlWithoutTheSitesCookies()
    {
        await using var service = await StartServiceAsync();
        await using var site = await StartSiteAsync(service);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/proxy/echo?x=1") { Content = new StringContent("hi") };
        request.Headers.Add("Cookie", "site-session=secret");
        request.Headers.Add("X-Custom", "not forwarded");

        using var response = await site.GetTestClient().SendAsync(request, Cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("POST", echo.RootElement.GetProperty("method").GetString());
        Assert.Equal("/api/echo", echo.RootElement.GetProperty("path").GetString());
        Assert.Equal("?x=1", echo.RootElement.GetProperty("query").GetString());
        Assert.Equal("hi", echo.RootElement.GetProperty("body").GetString());
        Assert.False(echo.RootElement.GetProperty("cookie").GetBoolean());
        Assert.False(echo.RootElement.GetProperty("custom").GetBoolean());
    }

    [Theory]
    [InlineData("/proxy/nope")]
    [InlineData("/proxy/http%3A%2F%2Fevil.example%2F")]
    public async Task AnUnknownRouteIsNotFoundAndReachesNothing(string path)
    {
        await using var service = await StartServiceAsync();
        await using var site = await StartSiteAsync(service);

        using var response = await site.GetTestClient().GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<WebApplication> StartServiceAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.MapPost("/api/echo", async (HttpRequest request) => Results.Json(new
        {
            method = request.Method,
            path = request.Path.Value,
            query = request.QueryString.Value,
            body = await new StreamReader(request.Body).ReadToEndAsync(),
            cookie = request.Headers.ContainsKey("Cookie"),
            custom = request.Headers.ContainsKey("X-Custom"),
        }));
        await app.StartAsync(Cancellation);
        return app;
    }

    private static async Task<WebApplication> StartSiteAsync(WebApplication service)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddHttpClient(ProxyRoutes.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => service.GetTestServer().CreateHandler());
        var app = builder.Build();
        ProxyRoutes.Map(app, ProxyRoutes.DemoRoutes(new Uri("http://localhost")));
        await app.StartAsync(Cancellation);
        return app;
    }
}
