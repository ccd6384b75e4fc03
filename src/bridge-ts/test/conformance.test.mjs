// The conformance cases both languages run (tests/conformance/relay-policy.json): here, each request through the
// relay script's own check, on a site read from a data block as the host writes it; its verdict must be the case's
// "relay". The host's tests (tests/unit) check "host" on the same cases.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { CONFIG_ELEMENT_ID, readConfig } from "../obj-ts/js/relay/config.js";
import { checkRequest } from "../obj-ts/js/relay/policy.js";

const conformance = JSON.parse(readFileSync(new URL("../../../tests/conformance/relay-policy.json", import.meta.url), "utf8"));
const SERVICE = "https://api.example.com";

/** The serving config the relay reads for a case's site, from a data block shaped as the host writes it. */
function servingConfig(site) {
  const block = {
    originHeader: "Bridge-Relay-Origin",
    origin: "https://app.example.com",
    site: { ...site, exposedHeaders: ["*"], allowCredentials: false, maxRequestBodyBytes: 1024, maxResponseBodyBytes: 1024 },
    headers: conformance.headerRules,
  };
  const config = readConfig({ getElementById: (id) => (id === CONFIG_ELEMENT_ID ? { textContent: JSON.stringify(block) } : null) });
  assert.equal(config?.kind, "serving");
  return config;
}

describe("relay policy conformance (the relay's verdicts)", () => {
  for (const testCase of conformance.cases) {
    it(testCase.name, () => {
      const config = servingConfig(testCase.site);
      const url = new URL(testCase.request.path, SERVICE);
      const message = {
        ns: "bridge", v: 1, type: "request", id: "conformance",
        method: testCase.request.method, url: url.href, headers: testCase.request.headers, body: null,
        credentials: "omit", redirect: "follow", cache: "default", integrity: "", referrerPolicy: "", keepalive: false,
      };
      const refusal = checkRequest(config.site, config.headers, message, url);
      assert.equal(refusal === null ? "allowed" : refusal.code, testCase.relay);
    });
  }
});
