namespace Bridge.Demo;

/// <summary>
/// A page script of the demos (src/bridge-ts/src/demo, bundled into dist/), embedded in this assembly by the build:
/// the demo site's (<see cref="DemoPage"/>) and the single sign-on apps' (<see cref="SingleSignOnAppsPage"/>).
/// </summary>
internal static class DemoScript
{
    public const string DemoPage = "Bridge.Demo.demo.js";

    public const string SingleSignOnAppsPage = "Bridge.SingleSignOn.sso-demo.js";

    public static byte[] Load(string resourceName = DemoPage)
    {
        using var stream = typeof(DemoScript).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} is not embedded in {typeof(DemoScript).Assembly.GetName().Name}: rebuild the host.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
