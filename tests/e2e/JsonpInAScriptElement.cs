using System.Net;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A site page loads the service's JSONP in a real script element: a plain callback is called with the data, and a
/// hostile one is refused with a 400 that says nosniff, so the browser runs nothing and the page's functions stay
/// uncalled.
/// </summary>
public abstract class JsonpInAScriptElement(BrowserFixture browser, BridgeServers servers)
{
    [Fact]
    public async Task APlainCallbackIsCalledWithTheData()
    {
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");

        var result = await page.EvaluateAsync<ScriptResult>(PageScripts.Load("load-jsonp-script"), servers.ServiceOrigin + "/jsonp/hello?callback=onHello");

        Assert.Equal("load", result.Outcome);
        var call = Assert.Single(result.Calls);
        Assert.Equal("onHello", call.Via);
        Assert.Equal("Hello from the Bridge demo service", call.Message);
    }

    [Theory]
    [InlineData("app.onHello")]
    [InlineData("onHello\n")]
    [InlineData("app.onHello\n")]
    [InlineData("onHello(1)//")]
    public async Task AHostileCallbackIsRefusedAndRunsNothing(string callback)
    {
        var url = $"{servers.ServiceOrigin}/jsonp/hello?callback={Uri.EscapeDataString(callback)}";
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");

        var result = await page.EvaluateAsync<ScriptResult>(PageScripts.Load("load-jsonp-script"), url);

        Assert.Equal("error", result.Outcome);
        Assert.Empty(result.Calls);
        using var client = new HttpClient();
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private sealed record ScriptResult(string Outcome, IReadOnlyList<ScriptCall> Calls);

    private sealed record ScriptCall(string Via, string Message);
}

[Collection(ChromiumEngine.Name)]
public sealed class JsonpInAScriptElementInChromium(ChromiumFixture browser, BridgeServers servers) : JsonpInAScriptElement(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class JsonpInAScriptElementInFirefox(FirefoxFixture browser, BridgeServers servers) : JsonpInAScriptElement(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class JsonpInAScriptElementInWebKit(WebKitFixture browser, BridgeServers servers) : JsonpInAScriptElement(browser, servers);
