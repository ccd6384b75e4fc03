using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.E2ETests.Infrastructure;

namespace Bridge.E2ETests;

/// <summary>
/// bridge.fetch is a drop-in for fetch: the same request, made with bridge.fetch on the site's page and with the
/// browser's own fetch on a page of the service's origin (where fetch is same-origin: the reference), gives the same
/// response and reaches the service as the same request.
/// </summary>
public abstract class DropInFetch(BrowserFixture browser, BridgeServers servers)
{
    /// <summary>
    /// Each case is a page function <c>(base) =&gt; [input, init]</c> (given its <c>Argument</c> too, if it has one),
    /// run in the page so that FormData, Blob, Request and the rest are real; <c>Resolves</c> says what fetch does with
    /// it, so that a case both sides fail alike for a wrong reason cannot pass. PageScripts/describe-call-and-echo.js
    /// runs it.
    /// </summary>
    private static readonly Case[] Cases =
    [
        // Every method.
        new("methods", "method GET", true, "(base) => [`${base}/api/echo?case=get&q=a%20b`]"),
        new("methods", "method HEAD", true, "(base) => [`${base}/api/echo?case=head`, { method: 'HEAD' }]"),
        new("methods", "method POST", true, "(base) => [`${base}/api/echo?case=post`, { method: 'POST', body: 'posted' }]"),
        new("methods", "method PUT", true, "(base) => [`${base}/api/echo?case=put`, { method: 'PUT', body: 'put body' }]"),
        new("methods", "method DELETE without body", true, "(base) => [`${base}/api/echo?case=delete`, { method: 'DELETE' }]"),
        new("methods", "method DELETE with body", true, "(base) => [`${base}/api/echo?case=delete-body`, { method: 'DELETE', body: 'gone' }]"),
        new("methods", "method PATCH", true, "(base) => [`${base}/api/echo?case=patch`, { method: 'PATCH', body: '{\"op\":\"x\"}' }]"),
        new("methods", "method OPTIONS", true, "(base) => [`${base}/api/echo?case=options`, { method: 'OPTIONS' }]"),
        new("methods", "method PURGE (custom)", true, "(base) => [`${base}/api/echo?case=purge`, { method: 'PURGE' }]"),
        new("methods", "method lower-case post (normalized)", true, "(base) => [`${base}/api/echo?case=post-lc`, { method: 'post', body: 'x' }]"),
        new("methods", "method lower-case patch (not normalized)", true, "(base) => [`${base}/api/echo?case=patch-lc`, { method: 'patch', body: 'x' }]"),

        // Header shapes.
        new("headers", "headers Headers with repeated append", true, """
            (base) => {
              const headers = new Headers();
              headers.append('X-Multi', 'one');
              headers.append('x-multi', 'two');
              headers.append('X-Single', 'only');
              return [`${base}/api/echo?case=headers-object`, { method: 'POST', headers, body: 'h' }];
            }
            """),
        new("headers", "headers array of pairs", true, """
            (base) => [`${base}/api/echo?case=headers-pairs`, {
              method: 'PUT',
              headers: [['X-Pair', '1'], ['x-PAIR', '2'], ['Content-Type', 'text/csv'], ['Accept', 'text/csv']],
              body: 'a,b',
            }]
            """),
        new("headers", "headers record with mixed-case names", true, """
            (base) => [`${base}/api/echo?case=headers-record`, {
              headers: { 'X-MiXeD-CaSe': 'Value With Spaces', 'ACCEPT-language': 'fr-CH', 'Content-Language': 'de' },
            }]
            """),

        // Body types.
        new("bodies", "body string", true, "(base) => [`${base}/api/echo?case=string`, { method: 'POST', body: 'plain text body' }]"),
        new("bodies", "body JSON text", true, """
            (base) => [`${base}/api/echo?case=json`, {
              method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: [1, 2], b: 'ü' }),
            }]
            """),
        new("bodies", "body URLSearchParams", true, """
            (base) => [`${base}/api/echo?case=urlsearchparams`, { method: 'POST', body: new URLSearchParams({ q: 'a b&c', x: 'ä' }) }]
            """),
        new("bodies", "body FormData with a File part", true, """
            (base) => {
              const form = new FormData();
              form.append('field', 'välue');
              form.append('upload', new File([new Uint8Array([0, 1, 2, 255]), 'text part'], 'name ü.bin', { type: 'application/x-test' }));
              return [`${base}/api/echo?case=formdata`, { method: 'POST', body: form }];
            }
            """),
        new("bodies", "body Blob with type", true, """
            (base) => [`${base}/api/echo?case=blob`, { method: 'PUT', body: new Blob(['<b>blob</b>'], { type: 'text/html;charset=utf-8' }) }]
            """),
        new("bodies", "body Blob without type", true, """
            (base) => [`${base}/api/echo?case=blob-untyped`, { method: 'POST', body: new Blob([new Uint8Array([9, 8, 7])]) }]
            """),
        new("bodies", "body ArrayBuffer", true, """
            (base) => [`${base}/api/echo?case=arraybuffer`, { method: 'POST', body: new Uint8Array([0, 1, 2, 3, 254, 255]).buffer }]
            """),
        new("bodies", "body Uint8Array view with offset", true, """
            (base) => {
              const bytes = new Uint8Array(64).map((_, i) => i);
              return [`${base}/api/echo?case=uint8array`, { method: 'POST', body: new Uint8Array(bytes.buffer, 5, 17) }];
            }
            """),
        new("bodies", "body DataView with offset", true, """
            (base) => {
              const bytes = new Uint8Array(64).map((_, i) => 255 - i);
              return [`${base}/api/echo?case=dataview`, { method: 'PATCH', body: new DataView(bytes.buffer, 3, 9) }];
            }
            """),
        new("bodies", "body unicode string", true, """
            (base) => [`${base}/api/echo?case=unicode`, { method: 'POST', body: 'héllo ✓ 😀 e\u0301 \u0000 end' }]
            """),
        new("bodies", "body empty string", true, "(base) => [`${base}/api/echo?case=empty-string`, { method: 'POST', body: '' }]"),
        new("bodies", "body 0 B binary", true, "(base) => [`${base}/api/echo?case=empty-binary`, { method: 'PUT', body: new ArrayBuffer(0) }]"),
        new("bodies", "body 16 MiB binary", true, """
            (base) => {
              const bytes = new Uint8Array(16 * 1024 * 1024);
              for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 11)) & 255;
              return [`${base}/api/echo?case=16mib`, { method: 'POST', body: bytes }];
            }
            """),

        // input as a Request and as a URL.
        new("inputs", "input Request object", true, """
            (base) => [new Request(`${base}/api/echo?case=request`, {
              method: 'PUT', headers: { 'X-From-Request': 'yes', 'Content-Type': 'application/octet-stream' }, body: new Uint8Array([5, 6, 7]),
            })]
            """),
        new("inputs", "input Request object overridden by init", true, """
            (base) => [new Request(`${base}/api/echo?case=request-init`, { method: 'PUT', body: 'first', headers: { 'X-A': '1' } }),
                       { method: 'POST', body: 'second', headers: { 'X-B': '2' } }]
            """),
        new("inputs", "input Request object whose body init null leaves", true, """
            (base) => [new Request(`${base}/api/echo?case=request-init-null`, { method: 'POST', body: 'kept' }), { body: null }]
            """),
        new("inputs", "input Request object with an empty body", true, """
            (base) => [new Request(`${base}/api/echo?case=request-empty`, { method: 'PATCH', body: '' })]
            """),
        new("inputs", "input Request object without a body", true, """
            (base) => [new Request(`${base}/api/echo?case=request-none`, { method: 'DELETE', headers: { 'X-None': '1' } })]
            """),
        new("inputs", "input URL object", true, "(base) => [new URL(`${base}/api/echo?case=url#fragment`)]"),

        // Other request options that fetch honours.
        new("inputs", "option cache no-store", true, "(base) => [`${base}/api/echo?case=no-store`, { cache: 'no-store' }]"),
        new("inputs", "option keepalive", true, "(base) => [`${base}/api/echo?case=keepalive`, { method: 'POST', body: 'k', keepalive: true }]"),
        new("inputs", "option integrity that matches", true, "(base, integrity) => [`${base}/api/hello`, { integrity }]", HelloIntegrity),

        // Each status class.
        new("statuses", "status 200", true, "(base) => [`${base}/api/status/200`]"),
        new("statuses", "status 201", true, "(base) => [`${base}/api/status/201`, { method: 'GET' }]"),
        new("statuses", "status 204", true, "(base) => [`${base}/api/status/204`]"),
        new("statuses", "status 205", true, "(base) => [`${base}/api/status/205`]"),
        new("statuses", "status 304", true, "(base) => [`${base}/api/status/304`]"),
        new("statuses", "status 400", true, "(base) => [`${base}/api/status/400`]"),
        new("statuses", "status 404", true, "(base) => [`${base}/api/status/404`]"),
        new("statuses", "status 500", true, "(base) => [`${base}/api/status/500`]"),
        new("statuses", "status 503", true, "(base) => [`${base}/api/status/503`]"),
        new("statuses", "status 404 of an unknown path", true, "(base) => [`${base}/api/no-such-endpoint`]"),
        new("statuses", "status 405 of a wrong method", true, "(base) => [`${base}/api/hello`, { method: 'POST', body: 'x' }]"),

        // Redirects in each mode.
        new("redirects", "redirect follow 302", true, "(base) => [`${base}/api/redirect?to=${encodeURIComponent('/api/echo?case=r302')}`]"),
        new("redirects", "redirect follow 301", true, "(base) => [`${base}/api/redirect?status=301&to=${encodeURIComponent('/api/echo?case=r301')}`, { redirect: 'follow' }]"),
        new("redirects", "redirect follow 303", true, "(base) => [`${base}/api/redirect?status=303&to=/api/hello`]"),
        new("redirects", "redirect follow 307", true, "(base) => [`${base}/api/redirect?status=307&to=${encodeURIComponent('/api/echo?case=r307')}`, { headers: { 'X-Kept': 'yes' } }]"),
        new("redirects", "redirect follow 308 twice", true, """
            (base) => [`${base}/api/redirect?status=308&to=${encodeURIComponent('/api/redirect?status=302&to=/api/status/201')}`]
            """),
        new("redirects", "redirect error", false, "(base) => [`${base}/api/redirect?to=/api/hello`, { redirect: 'error' }]"),
        new("redirects", "redirect manual", true, "(base) => [`${base}/api/redirect?to=/api/hello`, { redirect: 'manual' }]"),

        // HEAD has no body, whatever the endpoint writes.
        new("response bodies", "HEAD of a JSON endpoint", true, "(base) => [`${base}/api/hello`, { method: 'HEAD' }]"),
        new("response bodies", "HEAD of a byte stream", true, "(base) => [`${base}/api/bytes?n=1000`, { method: 'HEAD' }]"),

        // Response bodies.
        new("response bodies", "response 0 B", true, "(base) => [`${base}/api/bytes?n=0`]"),
        new("response bodies", "response 16 MiB", true, "(base) => [`${base}/api/bytes?n=16777216`]"),

        // What fetch rejects, bridge.fetch rejects, with a TypeError.
        new("rejections", "rejects GET with a body", false, "(base) => [`${base}/api/echo?case=get-body`, { method: 'GET', body: 'x' }]"),
        new("rejections", "rejects HEAD with a body", false, "(base) => [`${base}/api/echo?case=head-body`, { method: 'HEAD', body: 'x' }]"),
        new("rejections", "rejects a forbidden method", false, "(base) => [`${base}/api/echo?case=connect`, { method: 'CONNECT' }]"),
        new("rejections", "rejects an invalid method token", false, "(base) => [`${base}/api/echo?case=bad-method`, { method: 'BAD METHOD' }]"),
        new("rejections", "rejects an invalid header name", false, "(base) => [`${base}/api/echo?case=bad-header`, { headers: { 'Bad Header': 'x' } }]"),
        new("rejections", "rejects an invalid header value", false, "(base) => [`${base}/api/echo?case=bad-value`, { headers: { 'X-Bad': 'a\\nb' } }]"),
        new("rejections", "rejects credentials in the URL", false, "(base) => [base.replace('://', '://user:secret@') + '/api/echo?case=userinfo']"),
        new("rejections", "rejects an integrity mismatch", false, "(base) => [`${base}/api/hello`, { integrity: 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }]"),
        new("rejections", "rejects a used Request body", false, """
            async (base) => {
              const request = new Request(`${base}/api/echo?case=used`, { method: 'POST', body: 'once' });
              await request.text();
              return [request];
            }
            """),
    ];

    /// <summary>SRI of /api/hello's exact body.</summary>
    private static string HelloIntegrity =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("""{"message":"Hello from the Bridge demo service"}""")));

    public static TheoryData<string> Groups => [.. Cases.Select(c => c.Group).Distinct()];

    /// <summary>Headers the service legitimately sees differently: the relay's origin header, and the relay page as referrer and mode same-origin.</summary>
    private static readonly string[] HeadersThatDiffer = ["bridge-relay-origin", "referer", "sec-fetch-mode"];

    /// <summary>The table, a group per test (each case is still its own call): a page pair per case would cost minutes.</summary>
    [Theory]
    [MemberData(nameof(Groups))]
    public async Task EachRequestGivesWhatFetchOnTheServiceOriginGives(string group)
    {
        await CompareAsync(servers.CrossSiteOrigin, [.. Cases.Where(c => c.Group == group)]);
    }

    /// <summary>A page on the service's site (another port) goes through the same code: a sample of the table, for its cost.</summary>
    [Fact]
    public async Task RequestsFromAPageOnTheServicesSiteGiveWhatFetchGives()
    {
        string[] sample =
        [
            "method POST", "method PURGE (custom)", "headers array of pairs", "body FormData with a File part", "input Request object",
            "status 204", "redirect follow 302", "redirect error", "redirect manual", "HEAD of a JSON endpoint", "rejects an integrity mismatch",
        ];
        var cases = Cases.Where(c => sample.Contains(c.Name)).ToArray();
        Assert.Equal(sample.Length, cases.Length);
        await CompareAsync(servers.SameSiteOrigin, cases);
    }

    /// <summary>Reads a form as its entries, a file part as its name, type and text.</summary>
    private const string ReadForm = """
        async (r) => {
          const form = await r.formData();
          const entries = [];
          for (const [name, value] of form) {
            entries.push([name, typeof value === 'string' ? value : `file ${value.name}, ${value.type}: ${await value.text()}`]);
          }
          return { entries, bodyUsed: r.bodyUsed };
        }
        """;

    /// <summary>
    /// What code that lists a response's properties sees, of it and of its clone: own properties (fetch's have none),
    /// JSON, what for...in lists (the prototype's members), and its constructor.
    /// </summary>
    private const string ReadShape = """
        async (r) => {
          const shape = (x) => {
            const listed = [];
            for (const name in x) listed.push(name);
            return { own: Reflect.ownKeys(x).map(String), json: JSON.stringify(x), listed: listed.sort(), isResponseConstructor: x.constructor === Response };
          };
          return { response: shape(r), clone: shape(r.clone()) };
        }
        """;

    /// <summary>
    /// Response members read alike: each reader, a page function <c>(response, digest) =&gt; …</c> (digest is
    /// PageScripts/digest.js), runs on a fresh response from fetch on the service's page and from bridge.fetch on the
    /// site's page.
    /// </summary>
    private static readonly (string Name, string Url, object? Init, string Read)[] Readers =
    [
        ("json()", "/api/hello", null, "async (r) => ({ json: await r.json() })"),
        ("text() of an error status", "/api/status/404", null, "async (r) => ({ status: r.status, text: await r.text() })"),
        ("blob() keeps the type", "/api/hello", null, "async (r) => { const b = await r.blob(); return { isBlob: b instanceof Blob, type: b.type, size: b.size, text: await b.text() }; }"),
        ("arrayBuffer()", "/api/bytes?n=100000", null, "async (r, digest) => { const a = await r.arrayBuffer(); return { isArrayBuffer: a instanceof ArrayBuffer, digest: await digest(a) }; }"),
        ("bytes()", "/api/bytes?n=1000", null, "async (r, digest) => { if (typeof r.bytes !== 'function') return 'no bytes()'; const b = await r.bytes(); return { isUint8Array: b instanceof Uint8Array, digest: await digest(b) }; }"),
        ("body as a stream", "/api/bytes?n=300000", null, """
            async (r, digest) => {
              const reader = r.body.getReader();
              const parts = [];
              for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(read.value);
              return { isStream: r.body instanceof ReadableStream, digest: await digest(await new Blob(parts).arrayBuffer()), bodyUsed: r.bodyUsed };
            }
            """),
        ("formData() of an urlencoded body", ServiceTestPages.FormPath + "/urlencoded", null, ReadForm),
        ("formData() of a multipart body", ServiceTestPages.FormPath + "/multipart", null, ReadForm),
        ("formData() of a text body rejects", "/api/status/200", null, "async (r) => { try { await r.formData(); return 'parsed'; } catch (e) { return { isTypeError: e instanceof TypeError, bodyUsed: r.bodyUsed }; } }"),
        ("clone() keeps url, redirected and type", "/api/redirect?to=/api/hello", null, """
            async (r) => {
              const c = r.clone();
              return {
                isResponse: c instanceof Response, url: c.url, redirected: c.redirected, type: c.type, status: c.status,
                statusText: c.statusText, headers: [...c.headers].filter(([n]) => n !== 'date'), cloneText: await c.text(), text: await r.text(),
              };
            }
            """),
        ("clone() of a manual redirect", "/api/redirect?to=/api/hello", new { redirect = "manual" }, """
            async (r) => { const c = r.clone(); return { url: c.url, type: c.type, status: c.status, ok: c.ok, body: c.body, headers: [...c.headers] }; }
            """),
        ("bodyUsed flips, and a used body cannot be read or cloned again", "/api/hello", null, """
            async (r) => {
              const before = r.bodyUsed;
              await r.text();
              const after = r.bodyUsed;
              const again = await r.text().then(() => 'read twice', (e) => (e instanceof TypeError ? 'TypeError' : e.name));
              let cloned;
              try { r.clone(); cloned = 'cloned'; } catch (e) { cloned = e instanceof TypeError ? 'TypeError' : e.name; }
              return { before, after, again, cloned };
            }
            """),
        ("the empty body of a 204", "/api/status/204", null, "async (r) => { const copy = r.clone(); return { text: await r.text(), blobSize: (await copy.blob()).size }; }"),
        ("the empty body of a HEAD", "/api/hello", new { method = "HEAD" }, "async (r) => ({ text: await r.text(), contentType: r.headers.get('content-type') })"),
        ("the shape of a small response", "/api/hello", null, ReadShape),
        ("the shape of a streamed response", "/api/bytes?n=300000", null, ReadShape),
        ("the shape of a 204", "/api/status/204", null, ReadShape),
        ("a Response", "/api/hello", null, "async (r) => ({ isResponse: r instanceof Response, tag: Object.prototype.toString.call(r), headersTag: Object.prototype.toString.call(r.headers) })"),
    ];

    [Fact]
    public async Task TheResponseReadsLikeTheResponseOfFetch()
    {
        var results = await CompareReadersAsync(Readers);

        // So that a reader broken alike on both sides cannot pass: some of what fetch gives, checked.
        Assert.StartsWith("application/json;", results["blob() keeps the type"].GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(results["clone() keeps url, redirected and type"].GetProperty("redirected").GetBoolean());
        Assert.Equal("opaqueredirect", results["clone() of a manual redirect"].GetProperty("type").GetString());
        Assert.Equal("TypeError", results["bodyUsed flips, and a used body cannot be read or cloned again"].GetProperty("again").GetString());
        Assert.True(results["formData() of a text body rejects"].GetProperty("isTypeError").GetBoolean());
        Assert.Equal("{}", results["the shape of a streamed response"].GetProperty("clone").GetProperty("json").GetString());
        Assert.Contains("url", results["the shape of a 204"].GetProperty("response").GetProperty("listed").EnumerateArray().Select(name => name.GetString()));
        AssertJson(
            """[["field","välue"],["many","1"],["many","2 3"],["upload","file notes.txt, text/plain: file content"]]""",
            results["formData() of a multipart body"].GetProperty("entries"));
        AssertJson("""[["field","välue"],["many","1"],["many","2 3"]]""", results["formData() of an urlencoded body"].GetProperty("entries"));
    }

    /// <summary>
    /// Whether <c>body</c> is null for a null body status or a HEAD, and how reading it uses it up, as the engine's own
    /// fetch has it: the Fetch standard sets such bodies to null, but both engines give a 204, 205 or 304 an empty
    /// stream, and Chromium gives a HEAD one too.
    /// </summary>
    [Fact]
    public async Task ANullBodyStatusOrHeadHasTheBodyMemberFetchGives()
    {
        const string read = """
            async (r) => {
              const bodyIsNull = r.body === null;
              const before = r.bodyUsed;
              const text = await r.text();
              const again = await r.text().then(() => 'read twice', (e) => (e instanceof TypeError ? 'TypeError' : e.name));
              let cloned;
              try { r.clone(); cloned = 'cloned'; } catch (e) { cloned = e instanceof TypeError ? 'TypeError' : e.name; }
              return { bodyIsNull, before, text, after: r.bodyUsed, again, cloned };
            }
            """;
        await CompareReadersAsync(
        [
            ("204", "/api/status/204", null, read),
            ("205", "/api/status/205", null, read),
            ("304", "/api/status/304", null, read),
            ("HEAD", "/api/hello", new { method = "HEAD" }, read),
            ("204, read by a reader", "/api/status/204", null, """
                async (r) => {
                  if (r.body === null) return 'no body';
                  const reader = r.body.getReader();
                  const locked = await r.arrayBuffer().then(() => 'read', (e) => (e instanceof TypeError ? 'TypeError' : e.name));
                  const first = await reader.read();
                  return { locked, done: first.done, used: r.bodyUsed };
                }
                """),
        ]);
    }

    /// <summary>A fetched Response's headers are immutable: set, append and delete throw a TypeError.</summary>
    [Fact]
    public async Task TheResponseHeadersAreImmutableLikeThoseOfFetch()
    {
        var results = await CompareReadersAsync(
        [
            ("headers.set()", "/api/hello", null, "async (r) => { try { r.headers.set('x-test', '1'); return 'set'; } catch (e) { return e instanceof TypeError ? 'TypeError' : e.name; } }"),
            ("headers.delete()", "/api/hello", null, "async (r) => { try { r.headers.delete('content-type'); return 'deleted'; } catch (e) { return e instanceof TypeError ? 'TypeError' : e.name; } }"),
        ]);

        Assert.Equal("TypeError", results["headers.set()"].GetString());
    }

    private static void AssertJson(string expected, JsonElement actual)
    {
        using var parsed = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(parsed.RootElement, actual), $"expected {expected}, got {actual.GetRawText()}");
    }

    /// <summary>Runs each reader on both sides, fails listing every difference, and returns what fetch gave.</summary>
    private async Task<Dictionary<string, JsonElement>> CompareReadersAsync((string Name, string Url, object? Init, string Read)[] readers)
    {
        await using var servicePage = await BrowserPage.OpenAsync(browser, servers.ServicePage);
        await using var sitePage = await BrowserPage.OpenWithBridgeAsync(browser, servers.CrossSiteOrigin, servers.ServiceOrigin);
        var differences = new List<string>();
        var results = new Dictionary<string, JsonElement>();
        foreach (var (name, url, init, read) in readers)
        {
            var script = PageScripts.Apply(
                "(read, digest) => async ({ url, init, useBridge }) => read(await (useBridge ? bridge.fetch(url, init ?? undefined) : fetch(url, init ?? undefined)), digest)",
                read,
                PageScripts.Load("digest"));
            var native = await servicePage.Page.EvaluateAsync<JsonElement>(script, new { url = servers.ServiceOrigin + url, init, useBridge = false });
            var bridged = await sitePage.Page.EvaluateAsync<JsonElement>(script, new { url = servers.ServiceOrigin + url, init, useBridge = true });
            results[name] = native;
            if (native.GetRawText() != bridged.GetRawText())
            {
                differences.Add($"{name}:\n  fetch        {native.GetRawText()}\n  bridge.fetch {bridged.GetRawText()}");
            }
        }
        Assert.True(differences.Count == 0, $"bridge.fetch's Response differs from fetch's:\n{string.Join("\n", differences)}");
        return results;
    }

    private async Task CompareAsync(string siteOrigin, IReadOnlyCollection<Case> cases)
    {
        Assert.NotEmpty(cases);
        await using var servicePage = await BrowserPage.OpenAsync(browser, servers.ServicePage);
        await using var sitePage = await BrowserPage.OpenWithBridgeAsync(browser, siteOrigin, servers.ServiceOrigin);
        var differences = new List<string>();
        foreach (var @case in cases)
        {
            var script = PageScripts.Apply(PageScripts.Load("describe-call-and-echo"), @case.Make, PageScripts.Load("digest"));
            var native = await servicePage.EvaluateAsync<CallView>(script, CallArgument(@case, useBridge: false));
            var bridged = await sitePage.EvaluateAsync<CallView>(script, CallArgument(@case, useBridge: true));
            if (native.Rejected == @case.Resolves)
            {
                differences.Add($"{@case.Name}: the case is wrong: the reference fetch {(native.Rejected ? "rejected: " + native.Message : "resolved")}");
                continue;
            }
            differences.AddRange(Differences(native, bridged, siteOrigin).Select(difference => $"{@case.Name}: {difference}"));
        }
        Assert.True(differences.Count == 0, $"bridge.fetch differs from fetch:\n{string.Join("\n", differences)}");
    }

    private object CallArgument(Case @case, bool useBridge) =>
        new { @base = servers.ServiceOrigin, argument = @case.Argument, useBridge, headersThatDiffer = HeadersThatDiffer };

    private static IEnumerable<string> Differences(CallView native, CallView bridged, string pageOrigin)
    {
        if (native.Rejected)
        {
            if (!bridged.Rejected)
            {
                yield return $"fetch rejected ({native.Message}) but bridge.fetch resolved with status {bridged.Status}";
            }
            else if (!native.IsTypeError)
            {
                yield return $"fetch rejected with a {native.ErrorName}, not a TypeError: {native.Message}";
            }
            else if (!bridged.IsTypeError)
            {
                yield return $"bridge.fetch rejected with a {bridged.ErrorName}, not a TypeError: {bridged.Message}";
            }
            yield break;
        }
        if (bridged.Rejected)
        {
            yield return $"fetch resolved with status {native.Status} but bridge.fetch rejected: {bridged.ErrorName}: {bridged.Message}";
            yield break;
        }
        foreach (var difference in Compare("status", native.Status, bridged.Status)
            .Concat(Compare("statusText", native.StatusText, bridged.StatusText))
            .Concat(Compare("ok", native.Ok, bridged.Ok))
            .Concat(Compare("url", native.Url, bridged.Url))
            .Concat(Compare("redirected", native.Redirected, bridged.Redirected))
            .Concat(Compare("type", native.Type, bridged.Type))
            .Concat(CompareHeaders("response header", native.Headers, bridged.Headers))
            .Concat(Compare("body", native.Body, bridged.Body)))
        {
            yield return difference;
        }
        if (native.Echo is null || bridged.Echo is null)
        {
            if (native.Echo is not null || bridged.Echo is not null)
            {
                yield return $"only one side was an echo (fetch: {native.Echo is not null}, bridge.fetch: {bridged.Echo is not null})";
            }
            yield break;
        }
        var (expected, actual) = (native.Echo, bridged.Echo);
        foreach (var difference in Compare("the service saw method", expected.Method, actual.Method)
            .Concat(Compare("the service saw path", expected.Path, actual.Path))
            .Concat(Compare("the service saw query", expected.Query, actual.Query))
            .Concat(CompareHeaders("the service saw header", expected.Headers, WithoutNoStoreHeaders(expected.Headers, actual.Headers)))
            .Concat(Compare("the service saw body", expected.Body, actual.Body))
            .Concat(Compare("bridge-relay-origin from fetch", "", string.Join(",", expected.RelayOrigin)))
            .Concat(Compare("bridge-relay-origin from bridge.fetch", pageOrigin, string.Join(",", actual.RelayOrigin))))
        {
            yield return difference;
        }
    }

    private static IEnumerable<string> Compare<T>(string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            yield return $"{what}: fetch {Show(expected)}, bridge.fetch {Show(actual)}";
        }
    }

    private static IEnumerable<string> CompareHeaders(string what, string[][] expected, string[][] actual)
    {
        var fromFetch = Lines(expected);
        var fromBridge = Lines(actual);
        foreach (var missing in fromFetch.Except(fromBridge))
        {
            yield return $"{what} only from fetch: {missing}";
        }
        foreach (var extra in fromBridge.Except(fromFetch))
        {
            yield return $"{what} only from bridge.fetch: {extra}";
        }
        if (!fromFetch.SequenceEqual(fromBridge) && !fromFetch.Except(fromBridge).Any() && !fromBridge.Except(fromFetch).Any())
        {
            yield return $"{what}s in another order or count: fetch [{string.Join(" | ", fromFetch)}], bridge.fetch [{string.Join(" | ", fromBridge)}]";
        }
    }

    /// <summary>
    /// The relay's fetch never uses the HTTP cache (SECURITY.md), and the Fetch standard has a no-store request carry
    /// <c>Cache-Control: no-cache</c> and <c>Pragma: no-cache</c> unless the page set them: those two are expected
    /// from bridge.fetch alone. A value the page set itself is still compared.
    /// </summary>
    private static string[][] WithoutNoStoreHeaders(string[][] fromFetch, string[][] fromBridge) =>
        [.. fromBridge.Where(header =>
            !(header[0] is "cache-control" or "pragma" && header[1] == "no-cache" && !fromFetch.Any(other => other[0] == header[0])))];

    private static string Show<T>(T value) => value is string text ? JsonSerializer.Serialize(text) : $"{value}";

    private static string[] Lines(IEnumerable<string[]> headers) => [.. headers.Select(header => string.Join(": ", header))];

    private sealed record Case(string Group, string Name, bool Resolves, string Make, object? Argument = null);

    public sealed record CallView(
        bool Rejected,
        string? ErrorName,
        bool IsTypeError,
        string? Message,
        int Status,
        string? StatusText,
        bool Ok,
        string[][] Headers,
        string? Body,
        string? Url,
        bool Redirected,
        string? Type,
        EchoView? Echo);

    public sealed record EchoView(string Method, string Path, string Query, string[][] Headers, string Body, string[] RelayOrigin);
}

[Collection(ChromiumEngine.Name)]
public sealed class DropInFetchInChromium(ChromiumFixture browser, BridgeServers servers) : DropInFetch(browser, servers);

[Collection(FirefoxEngine.Name)]
public sealed class DropInFetchInFirefox(FirefoxFixture browser, BridgeServers servers) : DropInFetch(browser, servers);

[Collection(WebKitEngine.Name)]
public sealed class DropInFetchInWebKit(WebKitFixture browser, BridgeServers servers) : DropInFetch(browser, servers);
