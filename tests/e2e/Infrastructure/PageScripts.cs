using System.Collections.Concurrent;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// The JavaScript the tests run in pages, kept as files in PageScripts/ (copied beside the test assembly) so that it
/// can be read, checked and reused. Each file there is one function expression, which Playwright evaluates and calls
/// with the test's argument; the files in PageScripts/ScriptElements/ are classic scripts that a test page carries in
/// a script element. Data always travels as the argument: nothing here builds JavaScript from data.
/// </summary>
public static class PageScripts
{
    /// <summary>Where the files are, beside the test assembly.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "PageScripts");

    private static readonly ConcurrentDictionary<string, string> Texts = new(StringComparer.Ordinal);

    /// <summary>The page function in PageScripts/<paramref name="name"/>.js.</summary>
    public static string Load(string name) => Texts.GetOrAdd(name, Read);

    /// <summary>
    /// The page function in PageScripts/<paramref name="name"/>.js given the page functions it takes first, each
    /// named in <paramref name="functions"/> (a file of the form <c>(settle) =&gt; async (argument) =&gt; …</c>):
    /// the function of the test's argument that Playwright evaluates.
    /// </summary>
    public static string Load(string name, params string[] functions) => Apply(Load(name), [.. functions.Select(Load)]);

    /// <summary>
    /// <paramref name="function"/>, a page function's text, applied to the texts of the page functions it takes first.
    /// </summary>
    public static string Apply(string function, params string[] functions) =>
        $"({function})({string.Join(", ", functions)})";

    /// <summary>The classic script in PageScripts/ScriptElements/<paramref name="name"/>.js, for a script element.</summary>
    public static string ScriptElement(string name) => Texts.GetOrAdd("ScriptElements/" + name, Read);

    /// <summary>The text of PageScripts/<paramref name="name"/>.js, without the whitespace around it.</summary>
    private static string Read(string name)
    {
        var path = Path.Combine(Folder, name + ".js");
        return File.Exists(path)
            ? File.ReadAllText(path).Trim()
            : throw new FileNotFoundException($"No page script {path}: is it in tests/e2e/PageScripts/, copied to the output?", path);
    }
}
