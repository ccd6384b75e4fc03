using System.Net;
using System.Text;
using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;

namespace Bridge.UnitTests.Relay;

/// <summary>The relay page's CSP violation reports: read down to a directive and an origin, and nothing else.</summary>
public sealed class CspReportsTests
{
    private static readonly Uri ReportUri = new("/bridge/csp-report", UriKind.Relative);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("""{"csp-report":{"document-uri":"https://api.example.com/bridge/relay.html?token=secret","effective-directive":"frame-ancestors","violated-directive":"frame-ancestors https://app.example.com"}}""", "frame-ancestors")]
    [InlineData("""{"csp-report":{"document-uri":"https://api.example.com/bridge/relay.html","violated-directive":"frame-ancestors https://app.example.com"}}""", "frame-ancestors")]
    [InlineData("""{"csp-report":{"document-uri":"https://api.example.com/bridge/relay.html","effective-directive":"<script>alert(1)</script>"}}""", "unknown")]
    public void ReadsTheDirectiveAndOnlyTheRelaysOrigin(string report, string directive)
    {
        Assert.True(CspReports.TryRead(Encoding.UTF8.GetBytes(report), out var readDirective, out var documentOrigin));

        Assert.Equal(directive, readDirective);
        Assert.Equal("https://api.example.com", documentOrigin);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"csp-report":"frame-ancestors"}""")]
    [InlineData("""{"other":{"effective-directive":"frame-ancestors"}}""")]
    [InlineData("""{"csp-report":{"document-uri":"https://api.example.com/"}}""")]
    public void RefusesWhatIsNotAReport(string body)
    {
        Assert.False(CspReports.TryRead(Encoding.UTF8.GetBytes(body), out _, out _));
    }

    [Fact]
    public async Task AcceptsAReportNextToTheRelayPage()
    {
        await using var host = await RelayTestHost.StartAsync();
        using var content = new StringContent(
            """{"csp-report":{"document-uri":"http://localhost/bridge/relay.html","effective-directive":"frame-ancestors"}}""",
            Encoding.UTF8,
            "application/csp-report");

        using var response = await host.Client.PostAsync(ReportUri, content, Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task RefusesJunkAndOversizedReports()
    {
        await using var host = await RelayTestHost.StartAsync();
        using var junk = new StringContent("junk", Encoding.UTF8, "application/csp-report");
        using var huge = new StringContent(new string(' ', CspReports.MaxReportBytes + 1), Encoding.UTF8, "application/csp-report");

        using var junkResponse = await host.Client.PostAsync(ReportUri, junk, Cancellation);
        using var hugeResponse = await host.Client.PostAsync(ReportUri, huge, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, junkResponse.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeResponse.StatusCode);
    }
}
