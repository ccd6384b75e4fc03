using System.Security.Cryptography;
using System.Text.Json;

namespace Bridge.Relay;

/// <summary>
/// The document at <c>{prefix}/integrity.json</c>: for each client script, its versioned URL on this service and
/// its Subresource Integrity hash, e.g. <c>{"bridge.js":{"url":"/bridge/bridge.js?v=…","integrity":"sha384-…"}}</c>.
/// </summary>
internal sealed class ScriptIntegrity
{
    public ScriptIntegrity(string prefix, params IEnumerable<ClientAsset> scripts)
    {
        var basePath = prefix.TrimEnd('/');
        var document = scripts.ToDictionary(
            script => script.FileName,
            script => new Entry($"{basePath}/{script.FileName}?v={script.Version}", script.Integrity));
        Content = JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions);
        ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Content))[..16]}\"";
    }

    public byte[] Content { get; }

    public string ETag { get; }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record Entry(string Url, string Integrity);
}
