using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// A service owner with an ASP.NET Core app of their own installs Bridge.Relay from the package the build just
/// made, adds the two lines and a one-site policy, and a page on another origin calls the app with bridge.fetch.
/// </summary>
public abstract class PackageInstalls(BrowserFixture browser, BridgeServers servers, InstalledRelayPackage package)
{
    [Fact]
    public async Task AFreshAppWithThePackageAnswersBridgeFetchFromAnotherOrigin()
    {
        Assert.SkipUnless(browser.Enabled, $"{browser.Engine} is not in BRIDGE_BROWSERS.");
        await package.StartAsync(servers.CrossSiteOrigin, TestContext.Current.TestOutputHelper);
        await using var page = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, package.Origin);

        var outcome = await page.BridgeFetchAsync(package.Origin + "/api/hello");
        var plain = await page.PlainFetchAsync(package.Origin + "/api/hello");

        Assert.True(outcome.Ok, outcome.Message);
        Assert.Equal(200, outcome.Status);
        Assert.Equal($$"""{"message":"{{InstalledRelayPackage.Greeting}}"}""", outcome.Body);
        Assert.False(plain.Ok, "the installed app answered a cross-origin fetch without the relay");
    }

    [Fact]
    public async Task ThePackageHoldsTheRelayAndTheClientScriptsAndNothingOfTheDemo()
    {
        Assert.SkipUnless(browser.Enabled, $"{browser.Engine} is not in BRIDGE_BROWSERS.");
        await package.StartAsync(servers.CrossSiteOrigin, TestContext.Current.TestOutputHelper);

        using var nupkg = ZipFile.OpenRead(package.PackagePath);
        var entries = nupkg.Entries.Select(entry => entry.FullName).Where(name => !IsPackagingPart(name)).Order(StringComparer.Ordinal);
        Assert.Equal(["Bridge.Relay.nuspec", "README.md", "lib/net10.0/Bridge.Relay.dll", "lib/net10.0/Bridge.Relay.xml"], entries);

        using var dll = new MemoryStream();
        await using (var stream = nupkg.GetEntry("lib/net10.0/Bridge.Relay.dll")!.Open())
        {
            await stream.CopyToAsync(dll, TestContext.Current.CancellationToken);
        }
        dll.Position = 0;
        using var pe = new PEReader(dll);
        var metadata = pe.GetMetadataReader();
        var resources = metadata.ManifestResources.Select(handle => metadata.GetString(metadata.GetManifestResource(handle).Name)).Order(StringComparer.Ordinal);
        Assert.Equal(["Bridge.Client.bridge.js", "Bridge.Client.bridge.mjs", "Bridge.Client.relay.js"], resources);
        var references = metadata.AssemblyReferences.Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name));
        Assert.DoesNotContain(references, name => name.Contains("BridgeHost", StringComparison.Ordinal));
        var types = metadata.TypeDefinitions.Select(handle => metadata.GetString(metadata.GetTypeDefinition(handle).Namespace));
        Assert.DoesNotContain(types, ns => ns.StartsWith("Bridge.Demo", StringComparison.Ordinal) || ns.StartsWith("Bridge.Classic", StringComparison.Ordinal));
    }

    private static bool IsPackagingPart(string name) =>
        name.StartsWith("_rels/", StringComparison.Ordinal) || name.StartsWith("package/", StringComparison.Ordinal) || name == "[Content_Types].xml";
}

[Collection(ChromiumEngine.Name)]
public sealed class PackageInstallsInChromium(ChromiumFixture browser, BridgeServers servers, InstalledRelayPackage package)
    : PackageInstalls(browser, servers, package);

[Collection(FirefoxEngine.Name)]
public sealed class PackageInstallsInFirefox(FirefoxFixture browser, BridgeServers servers, InstalledRelayPackage package)
    : PackageInstalls(browser, servers, package);

[Collection(WebKitEngine.Name)]
public sealed class PackageInstallsInWebKit(WebKitFixture browser, BridgeServers servers, InstalledRelayPackage package)
    : PackageInstalls(browser, servers, package);
