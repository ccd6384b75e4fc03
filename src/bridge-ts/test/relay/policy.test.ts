// Unit tests for relay/policy: path patterns, the request checks and the exposed response headers, per
// docs/relay-policy-contract.md.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { ErrorCode, type RequestMessage } from "../../src/protocol/messages.js";
import type { SitePolicy } from "../../src/relay/config.js";
import { checkRequest, exposedHeaders, pathAllowed, pathSegments, type Refusal } from "../../src/relay/policy.js";
import { HEADER_RULES as RULES, ORIGIN_HEADER, requestMessage as request, sitePolicy as site } from "./fixtures.js";

const urlOf = (message: RequestMessage): URL => new URL(message.url);

const check = (policy: SitePolicy, message: RequestMessage): Refusal | null => checkRequest(policy, RULES, message, urlOf(message));

/** The refusal of a request the policy must refuse. */
function refusalOf(policy: SitePolicy, message: RequestMessage): Refusal {
  const refusal = check(policy, message);
  assert.ok(refusal !== null, "refused");
  return refusal;
}

// ---------------------------------------------------------------------------------------------------------------

describe("pathSegments", () => {
  const table: Array<[string, string[] | null]> = [
    ["/", [""]],
    ["/api", ["api"]],
    ["/api/", ["api", ""]],
    ["/api//x", ["api", "", "x"]],
    ["/a%20b/c", ["a b", "c"]],
    ["/%C3%A9t%c3%a9", ["été"]],
    ["/a.b/...", ["a.b", "..."]],
    ["/%2a%2A", ["**"]],
    ["/a%00b", ["a\u0000b"]],
    ["/.", null],
    ["/..", null],
    ["/api/./x", null],
    ["/api/../x", null],
    ["/api/%2e", null],
    ["/api/%2e%2e/x", null],
    ["/api/%2E%2e/x", null],
    ["/api/.%2E/x", null],
    ["/api/a%2fb", null],
    ["/api/a%2Fb", null],
    ["/api/..%2f", null],
    ["/api/a%5cb", null],
    ["/api/a%5Cb", null],
    ["/api/a\\b", null],
    ["/api/%ff", null],
    ["/api/%c0%ae", null],
    ["/api/%ed%a0%80", null],
    ["/api/%e2%82", null],
    ["/api/%", null],
    ["/api/%zz", null],
  ];
  for (const [path, expected] of table) {
    it(`${JSON.stringify(path)} -> ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(pathSegments(path), expected);
    });
  }
});

describe("pathAllowed", () => {
  const table: Array<[string[], string, boolean]> = [
    // Exact paths.
    [["/api/hello"], "/api/hello", true],
    [["/api/hello"], "/api/hello/", false],
    [["/api/hello"], "/api/hell", false],
    [["/api/hello"], "/api/hello/x", false],
    [["/"], "/", true],
    [["/"], "/a", false],
    [["/api"], "/api", true],
    // Case-sensitive.
    [["/api/hello"], "/API/hello", false],
    [["/api/hello"], "/api/Hello", false],
    [["/API/**"], "/api/x", false],
    // Patterns match the decoded path.
    [["/files/a b"], "/files/a%20b", true],
    [["/é"], "/%C3%A9", true],
    // "*": exactly one segment.
    [["/api/*"], "/api/x", true],
    [["/api/*"], "/api", false],
    [["/api/*"], "/api/x/y", false],
    [["/*/orders"], "/v1/orders", true],
    [["/*/orders"], "/v1/v2/orders", false],
    [["/api/*/x"], "/api/a/x", true],
    // A final "**": zero or more segments.
    [["/api/**"], "/api", true],
    [["/api/**"], "/api/", true],
    [["/api/**"], "/api/x", true],
    [["/api/**"], "/api/x/y/z", true],
    [["/api/**"], "/apix", false],
    [["/api/**"], "/apix/y", false],
    [["/api/**"], "/ap", false],
    [["/api/**"], "/", false],
    [["/api/**"], "/other/api/x", false],
    [["/**"], "/", true],
    [["/**"], "/anything/at/all", true],
    [["/api/*/**"], "/api/v1", true],
    [["/api/*/**"], "/api", false],
    // "**" not at the end is a literal segment.
    [["/a/**/b"], "/a/x/b", false],
    [["/a/**/b"], "/a/x/y/b", false],
    [["/a/**/b"], "/a/b", false],
    [["/a/**/b"], "/a/**/b", true],
    [["/a/**/b"], "/a/%2A%2A/b", true],
    // Encoded tricks are refused whatever the pattern.
    [["/**"], "/api/%2e%2e/admin", false],
    [["/**"], "/api/%2E%2e/admin", false],
    [["/**"], "/api/%2e", false],
    [["/**"], "/api/a%2fb", false],
    [["/**"], "/api/a%5cb", false],
    [["/**"], "/api/a\\b", false],
    [["/api/**"], "/api/a\\..\\b", false],
    [["/**"], "/api/%ff", false],
    [["/**"], "/api/./x", false],
    [["/**"], "/api/../x", false],
    [["/api/*"], "/api/%2e%2e", false],
    // Empty segments are segments.
    [["/api/x"], "/api//x", false],
    [["/api/**"], "/api//x", true],
    [["/api//x"], "/api//x", true],
    // Not a path.
    [["/**"], "", false],
    [["/**"], "api/x", false],
    [["/**"], "https://a.example/x", false],
    // Several patterns: any one.
    [["/a", "/b/**"], "/b/c", true],
    [["/a", "/b/**"], "/c", false],
    [[], "/", false],
  ];
  for (const [patterns, path, expected] of table) {
    it(`${JSON.stringify(patterns)} ${expected ? "allows" : "refuses"} ${JSON.stringify(path)}`, () => {
      assert.equal(pathAllowed(patterns, path), expected);
    });
  }

  it(
    '"*" does not match an empty segment, as the host\'s PathPattern ("exactly one non-empty segment")',
    () => {
      assert.equal(pathAllowed(["/api/*"], "/api/"), false);
      assert.equal(pathAllowed(["/api/*/x"], "/api//x"), false);
      assert.equal(pathAllowed(["/*"], "/"), false);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------

describe("checkRequest", () => {
  it("returns null for a request that fits the policy", () => {
    assert.equal(check(site(), request()), null);
    assert.equal(
      check(
        site(),
        request({
          method: "POST",
          headers: [
            ["content-type", "application/json"],
            ["X-Request-Id", "1"],
          ],
          body: new ArrayBuffer(16),
        }),
      ),
      null,
    );
  });

  it("refuses a path outside the patterns with path-not-allowed, naming the path", () => {
    const refusal = refusalOf(site(), request({ url: "https://api.example.com/admin" }));
    assert.equal(refusal.code, ErrorCode.PathNotAllowed);
    assert.match(refusal.message, /\/admin/);
    assert.equal(check(site(), request({ url: "https://api.example.com/apix" }))?.code, ErrorCode.PathNotAllowed);
    assert.equal(check(site(), request({ url: "https://api.example.com/api" })), null);
  });

  it("refuses encoded traversal that the URL parser leaves in the path", () => {
    // The URL parser resolves %2e%2e; %2f and %5c survive into the pathname.
    assert.equal(check(site(), request({ url: "https://api.example.com/api/a%2f..%2fadmin" }))?.code, ErrorCode.PathNotAllowed);
    assert.equal(check(site(), request({ url: "https://api.example.com/api/a%5cb" }))?.code, ErrorCode.PathNotAllowed);
    assert.equal(check(site(), request({ url: "https://api.example.com/api/%2e%2e/admin" }))?.code, ErrorCode.PathNotAllowed);
    assert.equal(check(site(), request({ url: "https://api.example.com/api/%ff" }))?.code, ErrorCode.PathNotAllowed);
  });

  it("compares the method exactly, as HTTP does (fetch upper-cases only the standard methods before this)", () => {
    assert.equal(check(site(), request({ method: "POST" })), null);
    assert.equal(check(site(), request({ method: "HEAD" })), null);
    assert.equal(check(site(), request({ method: "post" }))?.code, ErrorCode.MethodNotAllowed);
    assert.equal(check(site(), request({ method: "Head" }))?.code, ErrorCode.MethodNotAllowed);
    const refusal = refusalOf(site(), request({ method: "DELETE" }));
    assert.equal(refusal.code, ErrorCode.MethodNotAllowed);
    assert.match(refusal.message, /DELETE/);
    assert.equal(check(site(), request({ method: "patch" }))?.code, ErrorCode.MethodNotAllowed);
    assert.equal(check(site({ methods: new Set() }), request())?.code, ErrorCode.MethodNotAllowed);
  });

  it("allows any method when the policy's methods are null (*)", () => {
    for (const method of ["DELETE", "PATCH", "purge", "GET"]) {
      assert.equal(check(site({ methods: null }), request({ method })), null, method);
    }
  });

  it("refuses a request header the policy does not list, naming it in lower case", () => {
    const refusal = refusalOf(site(), request({ headers: [["content-type", "text/plain"], ["X-Secret", "1"]] }));
    assert.equal(refusal.code, ErrorCode.HeaderNotAllowed);
    assert.match(refusal.message, /x-secret/);
    assert.doesNotMatch(refusal.message, /X-Secret/);
    assert.equal(check(site({ requestHeaders: new Set() }), request({ headers: [["accept", "*/*"]] }))?.code, ErrorCode.HeaderNotAllowed);
  });

  it("compares header names case-insensitively with the lower-case policy", () => {
    assert.equal(check(site(), request({ headers: [["Content-Type", "text/plain"], ["X-REQUEST-ID", "1"]] })), null);
  });

  it("allows any other header when the policy's request headers are null (*)", () => {
    assert.equal(check(site({ requestHeaders: null }), request({ headers: [["x-anything", "1"], ["Accept", "*/*"]] })), null);
  });

  it("always refuses the origin header, in any case, even under * or when listed", () => {
    for (const policy of [site(), site({ requestHeaders: null }), site({ requestHeaders: new Set([ORIGIN_HEADER]) })]) {
      for (const name of [ORIGIN_HEADER, "Bridge-Relay-Origin", "BRIDGE-RELAY-ORIGIN"]) {
        const refusal = refusalOf(policy, request({ headers: [[name, "https://app.example.com"]] }));
        assert.equal(refusal.code, ErrorCode.HeaderNotAllowed, name);
        assert.match(refusal.message, /bridge-relay-origin/);
      }
    }
  });

  it("refuses the origin header configured in the data block, whatever it is called", () => {
    const message = request({ headers: [["X-Relay-From", "https://evil.test"]] });
    const rules = { ...RULES, origin: "x-relay-from" };
    assert.equal(checkRequest(site({ requestHeaders: null }), rules, message, urlOf(message))?.code, ErrorCode.HeaderNotAllowed);
  });

  it(
    "refuses cookie and host under * (the contract: never allowed, whatever is listed)",
    () => {
      for (const name of ["cookie", "host", "Cookie"]) {
        assert.equal(check(site({ requestHeaders: null }), request({ headers: [[name, "x"]] }))?.code, ErrorCode.HeaderNotAllowed, name);
      }
    },
  );

  it("refuses credentials: include unless the policy allows credentials", () => {
    const refusal = check(site(), request({ credentials: "include" }));
    assert.equal(refusal?.code, ErrorCode.CredentialsNotAllowed);
    assert.equal(check(site({ allowCredentials: true }), request({ credentials: "include" })), null);
    assert.equal(check(site(), request({ credentials: "omit" })), null);
  });

  it("refuses a body larger than maxRequestBodyBytes, accepts one of exactly that size", () => {
    assert.equal(check(site(), request({ method: "POST", body: new ArrayBuffer(16) })), null);
    assert.equal(check(site(), request({ method: "POST", body: new ArrayBuffer(0) })), null);
    const refusal = refusalOf(site(), request({ method: "POST", body: new ArrayBuffer(17) }));
    assert.equal(refusal.code, ErrorCode.TooLarge);
    assert.match(refusal.message, /17/);
    assert.match(refusal.message, /16/);
  });

  describe("method-override headers", () => {
    const open = (): SitePolicy => site({ methods: new Set(["GET", "POST"]), requestHeaders: null });
    const headers = ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "x-http-method-override"];

    for (const name of headers) {
      it(`refuses ${name} naming a method the site does not allow, with method-not-allowed naming both`, () => {
        const refusal = refusalOf(open(), request({ method: "POST", headers: [[name, "DELETE"]] }));
        assert.equal(refusal.code, ErrorCode.MethodNotAllowed);
        assert.match(refusal.message, /DELETE/);
        assert.match(refusal.message, new RegExp(name.toLowerCase()));
        assert.match(refusal.message, /in place of POST/);
      });

      it(`lets ${name} through when it names an allowed method`, () => {
        assert.equal(check(open(), request({ method: "POST", headers: [[name, "GET"]] })), null);
        assert.equal(check(open(), request({ method: "POST", headers: [[name, " POST\t"]] })), null);
      });
    }

    it("compares the named method exactly, as the host does", () => {
      for (const value of ["delete", "post", "GET, DELETE", "", "POST DELETE"]) {
        assert.equal(check(open(), request({ method: "POST", headers: [["X-HTTP-Method-Override", value]] }))?.code, ErrorCode.MethodNotAllowed, value);
      }
    });

    it("takes repeated headers as the service sees them: combined", () => {
      const message = request({ method: "POST", headers: [["X-HTTP-Method-Override", "GET"], ["x-http-method-override", "DELETE"]] });
      assert.equal(check(open(), message)?.code, ErrorCode.MethodNotAllowed);
    });

    it("checks every override header, not only the first", () => {
      const message = request({ method: "POST", headers: [["X-HTTP-Method-Override", "GET"], ["X-Method-Override", "DELETE"]] });
      assert.equal(check(open(), message)?.code, ErrorCode.MethodNotAllowed);
    });

    it("allows any override where the site allows any method", () => {
      assert.equal(check(site({ methods: null, requestHeaders: null }), request({ method: "POST", headers: [["X-HTTP-Method-Override", "DELETE"]] })), null);
    });

    it("is a header-not-allowed first where the site does not list the header", () => {
      const refusal = check(site(), request({ method: "POST", headers: [["X-HTTP-Method-Override", "DELETE"]] }));
      assert.equal(refusal?.code, ErrorCode.HeaderNotAllowed);
    });
  });

  it("reports the first rule broken: path, then method, header, credentials, size", () => {
    const all: Partial<RequestMessage> = {
      url: "https://api.example.com/admin",
      method: "DELETE",
      headers: [["x-secret", "1"]],
      credentials: "include",
      body: new ArrayBuffer(100),
    };
    const order = [ErrorCode.PathNotAllowed, ErrorCode.MethodNotAllowed, ErrorCode.HeaderNotAllowed, ErrorCode.CredentialsNotAllowed, ErrorCode.TooLarge];
    const fixes: Array<Partial<RequestMessage>> = [{ url: "https://api.example.com/api/x" }, { method: "POST" }, { headers: [] }, { credentials: "omit" }, { body: null }];
    let overrides = { ...all };
    for (let i = 0; i < order.length; i++) {
      assert.equal(check(site(), request(overrides))?.code, order[i], `step ${i}`);
      overrides = { ...overrides, ...fixes[i] };
    }
    assert.equal(check(site(), request(overrides)), null);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("exposedHeaders", () => {
  const response = (): Headers => {
    const headers = new Headers();
    headers.set("Content-Type", "application/json");
    headers.set("ETag", '"abc"');
    headers.set("X-Secret", "token");
    headers.append("X-Total-Count", "1");
    headers.append("X-Total-Count", "2");
    headers.set("Cache-Control", "no-store");
    return headers;
  };

  it("returns only the listed headers, with lower-case names", () => {
    assert.deepEqual(exposedHeaders(site(), response()), [
      ["content-type", "application/json"],
      ["etag", '"abc"'],
    ]);
  });

  it("returns combined values of a repeated header", () => {
    assert.deepEqual(exposedHeaders(site({ exposedHeaders: new Set(["x-total-count"]) }), response()), [["x-total-count", "1, 2"]]);
  });

  it("returns nothing when nothing is listed", () => {
    assert.deepEqual(exposedHeaders(site({ exposedHeaders: new Set() }), response()), []);
    assert.deepEqual(exposedHeaders(site(), new Headers()), []);
  });

  it("returns every header when the policy exposes all (null)", () => {
    assert.deepEqual(exposedHeaders(site({ exposedHeaders: null }), response()), [
      ["cache-control", "no-store"],
      ["content-type", "application/json"],
      ["etag", '"abc"'],
      ["x-secret", "token"],
      ["x-total-count", "1, 2"],
    ]);
  });

  it("returns fresh arrays the caller may post", () => {
    const result = exposedHeaders(site({ exposedHeaders: null }), response());
    assert.ok(result.every((pair) => Array.isArray(pair) && pair.length === 2));
    assert.equal(structuredClone(result).length, result.length);
  });
});
