// Unit tests for relay/config readConfig, on a fake document (only getElementById is read).

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { CONFIG_ELEMENT_ID, readConfig, type RelayConfig, type ServingConfig, type SitePolicy } from "../../src/relay/config.js";
import { fakeDocument, relayDocument } from "../harness/fake-document.js";
import { headerRulesBlock, servingBlock, siteBlock, type Block } from "./fixtures.js";

const readText = (text: string | null): RelayConfig | null => readConfig(relayDocument(text).document);
const read = (value: unknown): RelayConfig | null => readText(JSON.stringify(value));

/** The config of a block that must be read as serving. */
function serving(value: unknown): ServingConfig {
  const config = read(value);
  assert.ok(config?.kind === "serving", "a serving config");
  return config;
}
const siteOf = (overrides: Block): SitePolicy => serving(servingBlock({ site: siteBlock(overrides) })).site;

describe("readConfig", () => {
  it("looks up the element bridge-relay-config", () => {
    const page = relayDocument(JSON.stringify(servingBlock()));
    assert.ok(readConfig(page.document) !== null);
    assert.deepEqual(page.asked, ["bridge-relay-config"]);
    assert.equal(CONFIG_ELEMENT_ID, "bridge-relay-config");
  });

  it("reads a serving block: one origin and its site, methods upper-cased, header names lower-cased", () => {
    const config = serving(servingBlock());
    assert.equal(config.headers.origin, "bridge-relay-origin");
    assert.deepEqual([...config.headers.forbidden], ["cookie", "host"]);
    assert.deepEqual(config.headers.forbiddenPrefixes, ["sec-", "proxy-"]);
    assert.deepEqual(config.headers.methodOverride, ["x-http-method-override"]);
    assert.equal(config.origin, "https://app.example.com");
    const policy = config.site;
    assert.deepEqual(policy.paths, ["/api/**", "/health"]);
    assert.ok(policy.methods instanceof Set);
    assert.deepEqual([...policy.methods], ["GET", "HEAD", "POST"]);
    assert.deepEqual([...(policy.requestHeaders ?? [])], ["content-type", "x-request-id"]);
    assert.deepEqual([...(policy.exposedHeaders ?? [])], ["etag", "x-total-count"]);
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
    const policy = siteOf({ methods: ["*"], requestHeaders: ["*"], exposedHeaders: ["*"] });
    assert.equal(policy.methods, null);
    assert.equal(policy.requestHeaders, null);
    assert.equal(policy.exposedHeaders, null);
  });

  it('"*" anywhere in a list means any, whatever else is listed', () => {
    const policy = siteOf({ methods: ["GET", "*"], exposedHeaders: ["etag", "*"] });
    assert.equal(policy.methods, null);
    assert.equal(policy.exposedHeaders, null);
    assert.ok(policy.requestHeaders instanceof Set);
  });

  it("reads empty lists as empty sets", () => {
    const policy = siteOf({ methods: [], requestHeaders: [], exposedHeaders: [] });
    assert.equal(policy.methods?.size, 0);
    assert.equal(policy.requestHeaders?.size, 0);
    assert.equal(policy.exposedHeaders?.size, 0);
  });

  it("ignores unknown properties and accepts JSON with __proto__ keys without polluting", () => {
    const text = `{"__proto__":{"polluted":1},"originHeader":"x-o","origin":"https://a.test","headers":{"forbidden":[],"forbiddenPrefixes":[],"methodOverride":[]},"site":{"__proto__":{"polluted":1},"paths":["/"],"methods":["GET"],"requestHeaders":[],"exposedHeaders":[],"allowCredentials":false,"maxRequestBodyBytes":1,"maxResponseBodyBytes":1,"extra":true}}`;
    const config = readText(text);
    assert.ok(config?.kind === "serving");
    assert.equal(config.origin, "https://a.test");
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  it("returns null when the element is missing or has no text", () => {
    assert.equal(readText(null), null);
    assert.equal(readConfig(fakeDocument({ [CONFIG_ELEMENT_ID]: null }).document), null);
    assert.equal(readText(""), null);
  });

  for (const [name, text] of [
    ["truncated JSON", JSON.stringify(servingBlock()).slice(0, -1)],
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

  const badBlocks: Array<[string, Block]> = [
    ["a missing originHeader", { origin: "https://a.test", site: siteBlock() }],
    ["a numeric originHeader", servingBlock({ originHeader: 1 })],
    ["a missing origin", { originHeader: "x", site: siteBlock() }],
    ["an origin that is a list", servingBlock({ origin: ["https://a.test"] })],
    ['the opaque origin "null"', servingBlock({ origin: "null" })],
    ["a missing site", { originHeader: "x", origin: "https://a.test" }],
    ["a null site", servingBlock({ site: null })],
    ["a site that is an array", servingBlock({ site: [siteBlock()] })],
    ["the old block with every site", { originHeader: "x", sites: [siteBlock({ origins: ["https://a.test"] })] }],
    ["missing header rules", servingBlock({ headers: undefined })],
    ["header rules that are a list", servingBlock({ headers: [] })],
    ["forbidden headers missing", servingBlock({ headers: headerRulesBlock({ forbidden: undefined }) })],
    ["forbidden prefixes with a number", servingBlock({ headers: headerRulesBlock({ forbiddenPrefixes: ["sec-", 1] }) })],
    ["method override headers a string", servingBlock({ headers: headerRulesBlock({ methodOverride: "x-http-method" }) })],
  ];
  const badSites: Array<[string, Block]> = [
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
  for (const [name, overrides] of badSites) badBlocks.push([`a site with ${name}`, servingBlock({ site: siteBlock(overrides) })]);
  for (const [name, block] of badBlocks) {
    it(`returns null for ${name}`, () => {
      assert.equal(read(block), null);
    });
  }

  it("the same block is accepted once the bad field is fixed (the refusals above are not vacuous)", () => {
    assert.ok(read(servingBlock({ site: siteBlock({ maxRequestBodyBytes: 1, maxResponseBodyBytes: Number.MAX_SAFE_INTEGER }) })) !== null);
  });
});
