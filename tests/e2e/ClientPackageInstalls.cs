using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A site developer installs the npm package from the tarball the build just made, type-checks and bundles their
/// code against it, and their page calls the demo service with the package's fetch.
/// </summary>
public abstract class ClientPackageInstalls(BrowserFixture browser, BridgeServers servers, InstalledClientPackage package)
{
    [Fact]
    public async Task ABundledConsumerCallsTheServiceFromAnotherSite()
    {
        Assert.SkipUnless(browser.Enabled, $"{browser.Engine} is not in BRIDGE_BROWSERS.");
        await package.BuildAsync(TestContext.Current.TestOutputHelper);
        await using var page = await BrowserPage.OpenAsync(browser, servers.CrossSiteOrigin + "/blank.html");
        await page.Page.AddScriptTagAsync(new() { Content = await File.ReadAllTextAsync(package.Bundle, TestContext.Current.CancellationToken), Type = "module" });
        await page.Page.WaitForFunctionAsync("() => typeof globalThis.consumerCall === 'function'");

        var answer = await page.Page.EvaluateAsync<string>("url => consumerCall(url)", servers.ServiceOrigin + "/api/hello");

        Assert.Equal("""200 {"message":"Hello from the Bridge demo service"}""", answer);
    }

    [Fact]
    public async Task TheTarballHoldsTheBuiltClientAndNothingElse()
    {
        Assert.SkipUnless(browser.Enabled, $"{browser.Engine} is not in BRIDGE_BROWSERS.");
        await package.BuildAsync(TestContext.Current.TestOutputHelper);

        var entries = new List<string>();
        string? manifest = null;
        await using (var gzip = new GZipStream(File.OpenRead(package.Tarball), CompressionMode.Decompress))
        {
            using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: true, TestContext.Current.CancellationToken) is { } entry)
            {
                entries.Add(entry.Name);
                if (entry.Name == "package/package.json")
                {
                    using var reader = new StreamReader(entry.DataStream!);
                    manifest = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
                }
            }
        }

        Assert.Equal(["package/LICENSE", "package/README.md", "package/dist/bridge.js", "package/dist/bridge.mjs", "package/package.json"],
            entries.Where(name => !name.StartsWith("package/dist/types/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("package/dist/types/client/module.d.ts", entries);
        Assert.All(entries.Where(name => name.StartsWith("package/dist/types/", StringComparison.Ordinal)),
            name => Assert.Matches("^package/dist/types/(client|protocol)/([a-z-]+/)?[a-z-]+\\.d\\.ts$", name));
        using var json = JsonDocument.Parse(manifest!);
        Assert.Equal(InstalledClientPackage.PackageName, json.RootElement.GetProperty("name").GetString());
        Assert.False(json.RootElement.TryGetProperty("private", out _));
        Assert.False(json.RootElement.TryGetProperty("dependencies", out _), "the client has no runtime dependencies");
    }
}

[Collection(ChromiumEngine.Name)]
public sealed class ClientPackageInstallsInChromium(ChromiumFixture browser, BridgeServers servers, InstalledClientPackage package)
    : ClientPackageInstalls(browser, servers, package);

[Collection(FirefoxEngine.Name)]
public sealed class ClientPackageInstallsInFirefox(FirefoxFixture browser, BridgeServers servers, InstalledClientPackage package)
    : ClientPackageInstalls(browser, servers, package);

[Collection(WebKitEngine.Name)]
public sealed class ClientPackageInstallsInWebKit(WebKitFixture browser, BridgeServers servers, InstalledClientPackage package)
    : ClientPackageInstalls(browser, servers, package);
