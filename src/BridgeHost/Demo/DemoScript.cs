namespace Bridge.Demo;

/// <summary>The demo page's script (src/bridge-ts/src/demo, bundled as dist/demo.js), embedded in this assembly by the build.</summary>
internal static class DemoScript
{
    private const string ResourceName = "Bridge.Demo.demo.js";

    public static byte[] Load()
    {
        using var stream = typeof(DemoScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(DemoScript).Assembly.GetName().Name}: rebuild the host.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
