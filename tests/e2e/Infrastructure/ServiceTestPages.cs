namespace Bridge.E2ETests.Infrastructure;

/// <summary>Pages and endpoints the tests add to the service origin (never part of the product).</summary>
public static class ServiceTestPages
{
    /// <summary>A blank page on the service's own origin: where the browser's fetch is the same-origin reference.</summary>
    public const string BlankPath = "/test/blank.html";

    /// <summary>
    /// A fake relay that answers any hello with "ready" for the protocol version in its <c>?v=</c> query, to test
    /// how bridge.js treats a relay of another version. With <c>&amp;answer=unbuildable</c> it answers every request
    /// with a response message that passes validation but that no Response can be built from (a header name with a
    /// space).
    /// </summary>
    public const string FakeRelayPath = "/test/fake-relay.html";

    /// <summary>
    /// <c>{FormPath}/multipart</c> and <c>{FormPath}/urlencoded</c> answer with the same form (a text field, a repeated
    /// field and, in multipart, a file), for <c>Response.formData()</c>. Inside the open site's paths (<c>/api/**</c>).
    /// </summary>
    public const string FormPath = "/api/test/form";

    private const string FormBoundary = "bridge-test-boundary";

    private const string Blank = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>service page</title></head><body></body></html>";

    public static void Map(WebApplication app)
    {
        app.MapGet(BlankPath, () => Results.Content(Blank, "text/html; charset=utf-8"));
        var fakeRelay = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>fake relay</title></head><body><script>
            {PageScripts.ScriptElement("fake-relay")}
            </script></body></html>
            """;
        app.MapGet(FakeRelayPath, () => Results.Content(fakeRelay, "text/html; charset=utf-8"));
        app.MapGet(FormPath + "/urlencoded", () => Results.Text("field=v%C3%A4lue&many=1&many=2+3", "application/x-www-form-urlencoded"));
        app.MapGet(FormPath + "/multipart", () => Results.Text(
            string.Join("\r\n",
                $"--{FormBoundary}",
                "Content-Disposition: form-data; name=\"field\"",
                "",
                "välue",
                $"--{FormBoundary}",
                "Content-Disposition: form-data; name=\"many\"",
                "",
                "1",
                $"--{FormBoundary}",
                "Content-Disposition: form-data; name=\"many\"",
                "",
                "2 3",
                $"--{FormBoundary}",
                "Content-Disposition: form-data; name=\"upload\"; filename=\"notes.txt\"",
                "Content-Type: text/plain",
                "",
                "file content",
                $"--{FormBoundary}--",
                ""),
            $"multipart/form-data; boundary={FormBoundary}"));
    }
}
