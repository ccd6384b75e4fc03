// Unit tests for relay/config readConfig, with a minimal fake document (only getElementById is used).
// Imports the modules compiled by `dotnet build`.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { CONFIG_ELEMENT_ID, readConfig } from "../obj-ts/js/relay/config.js";

/** A document whose only element is the data block with this text (null: no such element). */
function fakeDocument(text) {
  const asked = [];
  return {
    asked,
    getElementById(id) {
      asked.push(id);
      return id === CONFIG_ELEMENT_ID && text !== null ? { id, textContent: text } : null;
    },
  };
}

const readText = (text) => readConfig(fakeDocument(text));
const read = (value) => readText(JSON.stringify(value));

function validSite(overrides = {}) {
  return {
    paths: ["/api/**", "/health"],
    methods: ["GET", "head", "Post"],
    requestHeaders: ["Content-Type", "x-request-id"],
    exposedHeaders: ["ETag", "x-total-count"],
    allowCredentials: false,
    maxRequestBodyBytes: 1048576,
    maxResponseBodyBytes: 16777216,
    ...overrides,
  };
}
const validHeaders = (overrides = {}) => ({
  forbidden: ["Cookie", "host"],
  forbiddenPrefixes: ["Sec-", "proxy-"],
  methodOverride: ["X-HTTP-Method-Override"],
  ...overrides,
});
const validBlock = (overrides = {}) => ({
  originHeader: "Bridge-Relay-Origin",
  origin: "https://app.example.com",
  site: validSite(),
  headers: validHeaders(),
  ...overrides,
});

describe("readConfig", () => {
  it("looks up the element bridge-relay-config", () => {
    const doc = fakeDocument(JSON.stringify(validBlock()));
    assert.ok(readConfig(doc) !== null);
    assert.deepEqual(doc.asked, ["bridge-relay-config"]);
    assert.equal(CONFIG_ELEMENT_ID, "bridge-relay-config");
  });

  it("reads a serving block: one origin and its site, methods upper-cased, header names lower-cased", () => {
    const config = read(validBlock());
    assert.ok(config !== null);
    assert.equal(config.kind, "serving");
    assert.equal(config.headers.origin, "bridge-relay-origin");
    assert.deepEqual([...config.headers.forbidden], ["cookie", "host"]);
    assert.deepEqual(config.headers.forbiddenPrefixes, ["sec-", "proxy-"]);
    assert.deepEqual(config.headers.methodOverride, ["x-http-method-override"]);
    assert.equal(config.origin, "https://app.example.com");
    const policy = config.site;
    assert.deepEqual(policy.paths, ["/api/**", "/health"]);
    assert.ok(policy.methods instanceof Set);
    assert.deepEqual([...policy.methods], ["GET", "HEAD", "POST"]);
    assert.deepEqual([...policy.requestHeaders], ["content-type", "x-request-id"]);
    assert.deepEqual([...policy.exposedHeaders], ["etag", "x-total-count"]);
    assert.equal(policy.allowCredentials, false);
    assert.equal(policy.maxRequestBodyBytes, 1048576);
    assert.equal(policy.maxResponseBodyBytes, 16777216);
  });

  it("reads the forwarding block, which carries nothing else", () => {
    assert.deepEqual(read({ forwarding: true }), { kind: "forwarding" });
    assert.equal(read({ forwarding: true, origin: "https://app.example.com" }), null);
    assert.equal(read({ forwarding: "true" }), null);
    assert.equal(read({ forwarding: false }), null);
  });

  it('turns "*" in methods, requestHeaders and exposedHeaders into null (any / all)', () => {
    const policy = read(validBlock({ site: validSite({ methods: ["*"], requestHeaders: ["*"], exposedHeaders: ["*"] }) })).site;
    assert.equal(policy.methods, null);
    assert.equal(policy.requestHeaders, null);
    assert.equal(policy.exposedHeaders, null);
  });

  it('"*" anywhere in a list means any, whatever else is listed', () => {
    const policy = read(validBlock({ site: validSite({ methods: ["GET", "*"], exposedHeaders: ["etag", "*"] }) })).site;
    assert.equal(policy.methods, null);
    assert.equal(policy.exposedHeaders, null);
    assert.ok(policy.requestHeaders instanceof Set);
  });

  it("reads empty lists as empty sets", () => {
    const policy = read(validBlock({ site: validSite({ methods: [], requestHeaders: [], exposedHeaders: [] }) })).site;
    assert.equal(policy.methods.size, 0);
    assert.equal(policy.requestHeaders.size, 0);
    assert.equal(policy.exposedHeaders.size, 0);
  });

  it("ignores unknown properties and accepts JSON with __proto__ keys without polluting", () => {
    const text = `{"__proto__":{"polluted":1},"originHeader":"x-o","origin":"https://a.test","headers":{"forbidden":[],"forbiddenPrefixes":[],"methodOverride":[]},"site":{"__proto__":{"polluted":1},"paths":["/"],"methods":["GET"],"requestHeaders":[],"exposedHeaders":[],"allowCredentials":false,"maxRequestBodyBytes":1,"maxResponseBodyBytes":1,"extra":true}}`;
    const config = readText(text);
    assert.ok(config !== null);
    assert.equal(config.origin, "https://a.test");
    assert.equal({}.polluted, undefined);
  });

  it("returns null when the element is missing or has no text", () => {
    assert.equal(readText(null), null);
    assert.equal(readConfig({ getElementById: () => ({ textContent: null }) }), null);
    assert.equal(readText(""), null);
  });

  for (const [name, text] of [
    ["truncated JSON", JSON.stringify(validBlock()).slice(0, -1)],
    ["JavaScript, not JSON", "({ originHeader: 'x', origin: 'https://a.test' })"],
    ["a JSON null", "null"],
    ["a JSON array", "[]"],
    ["a JSON string", '"bridge"'],
    ["a JSON number", "1"],
  ]) {
    it(`returns null for ${name}`, () => {
      assert.equal(readText(text), null);
    });
  }

  const badBlocks = [
    ["a missing originHeader", { origin: "https://a.test", site: validSite() }],
    ["a numeric originHeader", validBlock({ originHeader: 1 })],
    ["a missing origin", { originHeader: "x", site: validSite() }],
    ["an origin that is a list", validBlock({ origin: ["https://a.test"] })],
    ['the opaque origin "null"', validBlock({ origin: "null" })],
    ["a missing site", { originHeader: "x", origin: "https://a.test" }],
    ["a null site", validBlock({ site: null })],
    ["a site that is an array", validBlock({ site: [validSite()] })],
    ["the old block with every site", { originHeader: "x", sites: [validSite({ origins: ["https://a.test"] })] }],
    ["missing header rules", validBlock({ headers: undefined })],
    ["header rules that are a list", validBlock({ headers: [] })],
    ["forbidden headers missing", validBlock({ headers: validHeaders({ forbidden: undefined }) })],
    ["forbidden prefixes with a number", validBlock({ headers: validHeaders({ forbiddenPrefixes: ["sec-", 1] }) })],
    ["method override headers a string", validBlock({ headers: validHeaders({ methodOverride: "x-http-method" }) })],
  ];
  const badSites = [
    ["paths missing", { paths: undefined }],
    ["paths with null", { paths: [null] }],
    ["methods a string", { methods: "GET" }],
    ["methods missing", { methods: undefined }],
    ["requestHeaders with an object", { requestHeaders: [{}] }],
    ["exposedHeaders null", { exposedHeaders: null }],
    ["allowCredentials a string", { allowCredentials: "false" }],
    ["allowCredentials missing", { allowCredentials: undefined }],
    ["maxRequestBodyBytes zero", { maxRequestBodyBytes: 0 }],
    ["maxRequestBodyBytes negative", { maxRequestBodyBytes: -1 }],
    ["maxRequestBodyBytes fractional", { maxRequestBodyBytes: 1.5 }],
    ["maxRequestBodyBytes a string", { maxRequestBodyBytes: "1048576" }],
    ["maxRequestBodyBytes beyond safe integers", { maxRequestBodyBytes: 2 ** 53 }],
    ["maxRequestBodyBytes missing", { maxRequestBodyBytes: undefined }],
    ["maxResponseBodyBytes zero", { maxResponseBodyBytes: 0 }],
    ["maxResponseBodyBytes negative", { maxResponseBodyBytes: -16 }],
    ["maxResponseBodyBytes fractional", { maxResponseBodyBytes: 0.5 }],
    ["maxResponseBodyBytes null", { maxResponseBodyBytes: null }],
  ];
  for (const [name, overrides] of badSites) badBlocks.push([`a site with ${name}`, validBlock({ site: validSite(overrides) })]);
  for (const [name, block] of badBlocks) {
    it(`returns null for ${name}`, () => {
      assert.equal(read(block), null);
    });
  }

  it("the same block is accepted once the bad field is fixed (the refusals above are not vacuous)", () => {
    assert.ok(read(validBlock({ site: validSite({ maxRequestBodyBytes: 1, maxResponseBodyBytes: Number.MAX_SAFE_INTEGER }) })) !== null);
  });
});
