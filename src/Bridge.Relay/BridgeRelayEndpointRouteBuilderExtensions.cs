using Bridge.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Bridge relay's endpoints.</summary>
public static class BridgeRelayEndpointRouteBuilderExtensions
{
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>relay.html</c> (the relay page), <c>bridge.js</c> (classic script
    /// defining the global <c>bridge</c>), <c>bridge.mjs</c> (the same client as an ES module) and
    /// <c>integrity.json</c> (each script's versioned URL and Subresource Integrity hash, for pages that pin it) and
    /// <c>csp-report</c> (where browsers report the relay page's CSP refusals, which the host logs).
    /// </summary>
    public static RouteGroupBuilder MapBridgeRelay(this IEndpointRouteBuilder endpoints, string prefix = "/bridge")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var assets = endpoints.ServiceProvider.GetService<ClientAssets>()
            ?? throw new InvalidOperationException("Call builder.Services.AddBridgeRelay() before app.MapBridgeRelay().");
        var group = endpoints.MapGroup(prefix);
        var integrity = new ScriptIntegrity(prefix, assets.BridgeScript, assets.BridgeModule);
        group.MapMethods("/relay.html", ReadMethods, RelayEndpoints.RelayPage);
        group.MapMethods("/bridge.js", ReadMethods, context => RelayEndpoints.Script(context, assets.BridgeScript).ExecuteAsync(context));
        group.MapMethods("/bridge.mjs", ReadMethods, context => RelayEndpoints.Script(context, assets.BridgeModule).ExecuteAsync(context));
        group.MapMethods("/integrity.json", ReadMethods, context => RelayEndpoints.Integrity(context, integrity).ExecuteAsync(context));
        group.MapPost("/" + RelayPage.CspReportPath, CspReports.ReceiveAsync);
        return group;
    }
}
