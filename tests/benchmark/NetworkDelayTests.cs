using Microsoft.AspNetCore.Http;

namespace Bridge.Benchmark.Tests;

/// <summary>The emulated network latency: a request asks for its delay in its query; anything else in net= is refused.</summary>
public sealed class NetworkDelayTests
{
    [Theory]
    [InlineData("")]
    [InlineData("?i=3")]
    [InlineData("?net=0")]
    [InlineData("?net=1&i=3")]
    public async Task ARequestWithoutADelayOrWithOneInRangeGoesOn(string query)
    {
        var (status, wentOn) = await HandleAsync(query);

        Assert.True(wentOn);
        Assert.Equal(StatusCodes.Status200OK, status);
    }

    [Theory]
    [InlineData("?net=")]
    [InlineData("?net=-1")]
    [InlineData("?net=2.5")]
    [InlineData("?net=ten")]
    [InlineData("?net=10001")]
    [InlineData("?net=1&net=1")]
    public async Task ADelayThatIsNotOneWholeNumberOfMillisecondsInRangeIsABadRequest(string query)
    {
        var (status, wentOn) = await HandleAsync(query);

        Assert.False(wentOn);
        Assert.Equal(StatusCodes.Status400BadRequest, status);
    }

    private static async Task<(int Status, bool WentOn)> HandleAsync(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        var wentOn = false;

        await NetworkDelay.HandleAsync(context, () =>
        {
            wentOn = true;
            return Task.CompletedTask;
        });

        return (context.Response.StatusCode, wentOn);
    }
}
