using System.Text.Encodings.Web;
using Microsoft.Extensions.FileProviders;

namespace Bridge.SingleSignOn;

/// <summary>
/// A page of SingleSignOn/pages (embedded) with <c>{{name}}</c> placeholders, each filled HTML-encoded: no value
/// reaches the page as markup.
/// </summary>
internal sealed class PageTemplate
{
    private static readonly ManifestEmbeddedFileProvider Pages = new(typeof(PageTemplate).Assembly, "SingleSignOn/pages");

    private readonly string text;

    private PageTemplate(string text) => this.text = text;

    public static PageTemplate Load(string fileName)
    {
        var file = Pages.GetFileInfo(fileName);
        if (!file.Exists)
        {
            throw new InvalidOperationException($"SingleSignOn/pages/{fileName} is not embedded in the host: rebuild it.");
        }
        using var reader = new StreamReader(file.CreateReadStream());
        return new PageTemplate(reader.ReadToEnd());
    }

    public IResult Render(IReadOnlyDictionary<string, string> values, int statusCode = StatusCodes.Status200OK)
    {
        var page = text;
        foreach (var (name, value) in values)
        {
            page = page.Replace("{{" + name + "}}", HtmlEncoder.Default.Encode(value), StringComparison.Ordinal);
        }
        return Results.Content(page, "text/html; charset=utf-8", statusCode: statusCode);
    }
}
