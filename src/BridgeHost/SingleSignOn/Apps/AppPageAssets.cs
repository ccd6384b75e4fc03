using Bridge.Demo;
using Microsoft.Extensions.FileProviders;

namespace Bridge.SingleSignOn.Apps;

/// <summary>The apps' page's script (src/bridge-ts/src/demo/sso) and style sheet (SingleSignOn/pages/app.css), embedded.</summary>
internal static class AppPageAssets
{
    public const string ScriptPath = "/app/sso-demo.js";
    public const string StyleSheetPath = "/app/app.css";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var script = DemoScript.Load(DemoScript.SingleSignOnAppsPage);
        var styleSheet = ReadPage("app.css");
        endpoints.MapGet(ScriptPath, () => Results.Bytes(script, "text/javascript; charset=utf-8"));
        endpoints.MapGet(StyleSheetPath, () => Results.Bytes(styleSheet, "text/css; charset=utf-8"));
    }

    private static byte[] ReadPage(string fileName)
    {
        var file = new ManifestEmbeddedFileProvider(typeof(AppPageAssets).Assembly, "SingleSignOn/pages").GetFileInfo(fileName);
        if (!file.Exists)
        {
            throw new InvalidOperationException($"SingleSignOn/pages/{fileName} is not embedded in the host: rebuild it.");
        }
        using var stream = file.CreateReadStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
