using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// Every file in PageScripts/ parses as modern JavaScript (<c>node --check</c>), so that a syntax error fails here at
/// once, naming its file and line, and not as a page error in a browser test. No browser, no server.
/// </summary>
public sealed class PageScriptsAreValidJavaScript
{
    public static TheoryData<string> Files =>
        [.. Directory.EnumerateFiles(PageScripts.Folder, "*.js", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(PageScripts.Folder, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void TheFilesAreThere() => Assert.NotEmpty(Files);

    /// <summary>
    /// A page function must be one expression, as Playwright evaluates it: wrapped as a module's default export, a
    /// trailing semicolon or line comment, or a second statement, does not parse. A script element's code must not
    /// close its element.
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    public async Task TheFileParses(string file)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var text = await File.ReadAllTextAsync(Path.Combine(PageScripts.Folder, file), cancellation);
        var classic = file.StartsWith("ScriptElements/", StringComparison.Ordinal);
        if (classic)
        {
            Assert.DoesNotContain("</script", text, StringComparison.OrdinalIgnoreCase);
        }
        var directory = Directory.CreateTempSubdirectory("bridge-page-script-");
        try
        {
            // .cjs: a script, as a script element runs it; .mjs: a module, so the expression is checked in strict mode.
            var check = Path.Combine(directory.FullName, classic ? "script.cjs" : "function.mjs");
            await File.WriteAllTextAsync(check, classic ? text : $"export default ({text.Trim()});\n", cancellation);
            await Commands.RunAsync("node", ["--check", check], directory.FullName, TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException failure)
        {
            Assert.Fail($"PageScripts/{file} does not parse:\n{failure.Message}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
