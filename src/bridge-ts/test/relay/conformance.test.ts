// The conformance cases both languages run (tests/conformance/relay-policy.json): here, each request through the
// relay script's own check, on a site read from a data block as the host writes it; its verdict must be the case's
// "relay". The host's tests (tests/unit) check "host" on the same cases.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { readConfig, type ServingConfig } from "../../src/relay/config.js";
import { checkRequest } from "../../src/relay/policy.js";
import { relayDocument } from "../harness/fake-document.js";
import { SERVICE_ORIGIN, conformance, requestMessage, servingBlock, type ConformanceSite } from "./fixtures.js";

/** The serving config the relay reads for a case's site, from a data block shaped as the host writes it. */
function servingConfig(site: ConformanceSite): ServingConfig {
  const block = servingBlock({
    site: { ...site, exposedHeaders: ["*"], allowCredentials: false, maxRequestBodyBytes: 1024, maxResponseBodyBytes: 1024 },
    headers: conformance.headerRules,
  });
  const config = readConfig(relayDocument(JSON.stringify(block)).document);
  assert.ok(config?.kind === "serving");
  return config;
}

describe("relay policy conformance (the relay's verdicts)", () => {
  for (const testCase of conformance.cases) {
    it(testCase.name, () => {
      const config = servingConfig(testCase.site);
      const url = new URL(testCase.request.path, SERVICE_ORIGIN);
      const message = requestMessage({
        id: "conformance",
        method: testCase.request.method,
        url: url.href,
        headers: testCase.request.headers,
      });
      const refusal = checkRequest(config.site, config.headers, message, url);
      assert.equal(refusal === null ? "allowed" : refusal.code, testCase.relay);
    });
  }
});
