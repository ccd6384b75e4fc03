// Unit tests for the version negotiation (protocol/messages): the highest version both sides speak, and the
// ranges the version-mismatch message names.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import {
  HELLO_VERSION,
  PROTOCOL_VERSION,
  SUPPORTED_VERSIONS,
  describeVersions,
  negotiateVersion,
} from "../../src/protocol/messages.js";

describe("negotiateVersion", () => {
  it("picks the highest version both speak", () => {
    assert.equal(negotiateVersion([1, 2], [1, 2, 3]), 2);
    assert.equal(negotiateVersion([2, 3], [1, 2]), 2);
    assert.equal(negotiateVersion([1], [1]), 1);
    assert.equal(negotiateVersion([1, 2, 3], [3, 1]), 3);
  });

  it("gives null when they share none", () => {
    assert.equal(negotiateVersion([1], [2, 3]), null);
    assert.equal(negotiateVersion([2], [1]), null);
  });

  it("this build speaks its protocol version, and every hello says v 1, which relays before negotiation require", () => {
    assert.ok(SUPPORTED_VERSIONS.includes(PROTOCOL_VERSION));
    assert.equal(HELLO_VERSION, 1);
    assert.equal(negotiateVersion(SUPPORTED_VERSIONS, [HELLO_VERSION]), 1, "an older client (v 1, no list) still gets version 1");
  });
});

describe("describeVersions", () => {
  it("names one version, a run, or a list", () => {
    assert.equal(describeVersions([1]), "version 1");
    assert.equal(describeVersions([3, 1, 2]), "versions 1 to 3");
    assert.equal(describeVersions([1, 3]), "versions 1, 3");
  });
});
