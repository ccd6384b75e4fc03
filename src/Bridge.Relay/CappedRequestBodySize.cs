using Microsoft.AspNetCore.Http.Features;

namespace Bridge.Relay;

/// <summary>
/// The server's request body limit for a relayed request, capped at the site's MaxRequestBodyBytes: an endpoint
/// that raises its own limit (as uploads do) cannot raise it past what the relay policy allows.
/// </summary>
internal sealed class CappedRequestBodySize(IHttpMaxRequestBodySizeFeature server, long cap) : IHttpMaxRequestBodySizeFeature
{
    public bool IsReadOnly => server.IsReadOnly;

    public long? MaxRequestBodySize
    {
        get => server.MaxRequestBodySize;
        set => server.MaxRequestBodySize = value is { } limit && limit <= cap ? limit : cap;
    }

    /// <summary>Caps the current request's limit, when the server still lets it change.</summary>
    public static void Apply(IFeatureCollection features, long cap)
    {
        var server = features.Get<IHttpMaxRequestBodySizeFeature>();
        if (server is null || server.IsReadOnly)
        {
            return;
        }
        var capped = new CappedRequestBodySize(server, cap);
        capped.MaxRequestBodySize = server.MaxRequestBodySize;
        features.Set<IHttpMaxRequestBodySizeFeature>(capped);
    }
}
