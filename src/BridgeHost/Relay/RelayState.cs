using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Relay;

/// <summary>The current policy and relay page, read once from the options and rebuilt when they change.</summary>
internal sealed class RelayState : IDisposable
{
    private readonly ClientAssets assets;
    private readonly ILogger<RelayState> logger;
    private readonly IDisposable? subscription;
    private volatile Snapshot current;

    public RelayState(IOptionsMonitor<BridgeRelayOptions> options, ClientAssets assets, ILogger<RelayState> logger)
    {
        this.assets = assets;
        this.logger = logger;
        current = Build(options.CurrentValue);
        subscription = options.OnChange(changed => current = Build(changed));
    }

    public RelayPolicy Policy => current.Policy;

    public RelayPage Page => current.Page;

    public void Dispose() => subscription?.Dispose();

    private Snapshot Build(BridgeRelayOptions options)
    {
        var policy = RelayPolicy.From(options);
        Log.PolicyLoaded(logger, string.Join(' ', policy.AllowedOrigins));
        return new Snapshot(policy, new RelayPage(policy, assets.RelayScript));
    }

    private sealed record Snapshot(RelayPolicy Policy, RelayPage Page);
}
