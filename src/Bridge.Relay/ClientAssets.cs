using System.Security.Cryptography;
using System.Text;

namespace Bridge.Relay;

/// <summary>One compiled client file, embedded in this assembly by the build.</summary>
internal sealed class ClientAsset
{
    public ClientAsset(string fileName, byte[] content)
    {
        FileName = fileName;
        Content = content;
        var sha256 = SHA256.HashData(content);
        Version = Convert.ToHexStringLower(sha256)[..16];
        ETag = $"\"{Version}\"";
        Integrity = "sha384-" + Convert.ToBase64String(SHA384.HashData(content));
        Sha256Source = "'sha256-" + Convert.ToBase64String(sha256) + "'";
    }

    public string FileName { get; }

    public byte[] Content { get; }

    /// <summary>A short content hash: the <c>v</c> query value that makes the URL cacheable for ever.</summary>
    public string Version { get; }

    public string ETag { get; }

    /// <summary>The Subresource Integrity value for pages that pin this file.</summary>
    public string Integrity { get; }

    /// <summary>The CSP hash source that allows this file as an inline script.</summary>
    public string Sha256Source { get; }

    public string Text => Encoding.UTF8.GetString(Content);
}

/// <summary>The client files compiled from src/bridge-ts, read once from the assembly's resources.</summary>
internal sealed class ClientAssets
{
    public ClientAsset BridgeScript { get; } = Load("bridge.js");

    public ClientAsset BridgeModule { get; } = Load("bridge.mjs");

    public ClientAsset RelayScript { get; } = Load("relay.js");

    private static ClientAsset Load(string fileName)
    {
        var name = "Bridge.Client." + fileName;
        using var stream = typeof(ClientAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The client file {fileName} is not embedded in {typeof(ClientAssets).Assembly.GetName().Name}: rebuild it.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new ClientAsset(fileName, buffer.ToArray());
    }
}
