using System.Text.Json;
using Bridge.Relay;
using Bridge.UnitTests.Infrastructure;

namespace Bridge.UnitTests.Relay;

/// <summary>
/// The conformance cases both languages run (tests/conformance/relay-policy.json): here, each request through the
/// host's middleware, whose verdict must be the case's <c>host</c>; the relay script's tests check <c>relay</c>.
/// </summary>
public sealed class RelayPolicyConformanceTests
{
    private const string Origin = "https://app.example.com";

    private static readonly Lazy<JsonDocument> Conformance = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "conformance", "relay-policy.json"))));

    public static TheoryData<string> CaseNames => [.. Cases().Select(@case => @case.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task TheHostGivesTheCasesVerdict(string name)
    {
        var @case = Cases().Single(candidate => candidate.GetProperty("name").GetString() == name);
        using var harness = new RelayMiddlewareHarness(Policy(@case.GetProperty("site")));
        var request = @case.GetProperty("request");
        var context = harness.Request(request.GetProperty("method").GetString()!, request.GetProperty("path").GetString()!, Origin);
        foreach (var header in request.GetProperty("headers").EnumerateArray())
        {
            context.Request.Headers[header[0].GetString()!] = header[1].GetString();
        }

        await harness.InvokeAsync(context);

        var verdict = harness.NextRan ? "allowed" : Reason(context);
        Assert.Equal(@case.GetProperty("host").GetString(), verdict);
    }

    [Fact]
    public void TheHeaderRulesAreTheOnesTheHostWritesIntoEveryRelayPage()
    {
        var rules = Conformance.Value.RootElement.GetProperty("headerRules");

        Assert.Equal(RelayHeaders.ForbiddenRequestHeaderNames, Strings(rules.GetProperty("forbidden")));
        Assert.Equal(RelayHeaders.ForbiddenRequestHeaderPrefixes, Strings(rules.GetProperty("forbiddenPrefixes")));
        Assert.Equal(RelayHeaders.MethodOverrideHeaders.Select(name => name.ToLowerInvariant()), Strings(rules.GetProperty("methodOverride")));
    }

    private static JsonElement.ArrayEnumerator Cases() => Conformance.Value.RootElement.GetProperty("cases").EnumerateArray();

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];

    private static BridgeRelayOptions Policy(JsonElement site)
    {
        var options = RelayConfiguration.Site([Origin], Strings(site.GetProperty("paths")));
        foreach (var method in Strings(site.GetProperty("methods")))
        {
            options.Methods.Add(method);
        }
        foreach (var header in Strings(site.GetProperty("requestHeaders")))
        {
            options.RequestHeaders.Add(header);
        }
        return RelayConfiguration.Policy(options);
    }

    private static string Reason(Microsoft.AspNetCore.Http.HttpContext context)
    {
        using var problem = JsonDocument.Parse(RelayMiddlewareHarness.ResponseBody(context));
        return problem.RootElement.GetProperty("reason").GetString()!;
    }
}
