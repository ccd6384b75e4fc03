// Unit tests for client/errors: the shape of bridge errors (plain TypeErrors with the bridge's detail), the guard that
// recognises them from any realm, and the explanation describe() gives.

import { describe as suite, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

import {
  ErrorCode,
  bridgeError,
  describe,
  explain,
  isBridgeError,
  isNetworkFailure,
  relayedNetworkMessage,
} from "../../src/client/errors.js";

const relayUrl = "https://service.example/bridge/relay.html?origin=https%3A%2F%2Fsite.example";

suite("bridgeError", () => {
  it("is a plain TypeError, as fetch's rejections are, with its code, relay URL and cause as own properties", () => {
    const cause = new TypeError("Failed to fetch");
    const error = bridgeError(ErrorCode.NetworkError, relayUrl, "Failed to fetch", "the explanation", cause);
    assert.equal(error.constructor, TypeError);
    assert.equal(Object.getPrototypeOf(error), TypeError.prototype);
    assert.equal(error.name, "TypeError");
    assert.equal(error.message, "Failed to fetch");
    assert.equal(error.code, "network-error");
    assert.equal(error.relayUrl, relayUrl);
    assert.equal(error.cause, cause);
    assert.equal(Object.prototype.toString.call(error), "[object Error]");
  });

  it("has no cause property when there is none", () => {
    const error = bridgeError(ErrorCode.RelayLost, relayUrl, "Failed to fetch", "the explanation");
    assert.equal(Object.hasOwn(error, "cause"), false);
  });
});

suite("isBridgeError", () => {
  it("recognises a bridge error, and no other TypeError, even one with a code", () => {
    assert.equal(isBridgeError(bridgeError(ErrorCode.PathNotAllowed, relayUrl, "m", "m")), true);
    assert.equal(isBridgeError(new TypeError("Failed to fetch")), false);
    assert.equal(isBridgeError(Object.assign(new TypeError("x"), { code: "path-not-allowed", relayUrl })), false);
    assert.equal(isBridgeError(null), false);
    assert.equal(isBridgeError("network-error"), false);
  });

  it("refuses a branded object whose code is not one of the codes", () => {
    const forged = Object.assign(new TypeError("x"), { code: "made-up", relayUrl, [Symbol.for("bridge.error")]: "x" });
    assert.equal(isBridgeError(forged), false);
  });

  it("recognises a bridge error made in another realm, where instanceof fails", () => {
    const foreign: unknown = vm.runInNewContext(`
      const error = new TypeError("Failed to fetch");
      Object.defineProperties(error, {
        code: { value: "relay-lost", enumerable: true },
        relayUrl: { value: "${relayUrl}", enumerable: true },
        [Symbol.for("bridge.error")]: { value: "the explanation from the other realm" },
      });
      error;
    `);
    assert.equal(foreign instanceof TypeError, false);
    assert.equal(isBridgeError(foreign), true);
    assert.equal(describe(foreign), "the explanation from the other realm");
  });
});

suite("describe", () => {
  it("gives a network failure's full explanation, which its message (the engine's own) does not carry", () => {
    const explanation = explain(ErrorCode.RelayLost, relayUrl, "https://site.example", "the relay frame was removed");
    const error = bridgeError(ErrorCode.RelayLost, relayUrl, "Failed to fetch", explanation);
    assert.equal(describe(error), explanation);
    assert.match(describe(error), /went away before the answer came \(the relay frame was removed\)\. Retry: the next call opens a new relay/);
  });

  it("gives other errors as name and message", () => {
    assert.equal(describe(new RangeError("custom reason")), "RangeError: custom reason");
    assert.equal(describe("text"), "text");
  });
});

suite("network failures", () => {
  it("are the failures fetch would have met as network errors; refusals and the page's own close are not", () => {
    const network = Object.values(ErrorCode).filter(isNetworkFailure).sort();
    assert.deepEqual(network, ["handshake-timeout", "network-error", "relay-lost", "relay-unanswered"]);
  });

  it("take the engine's message from the relay's account of its fetch's TypeError", () => {
    assert.equal(relayedNetworkMessage("TypeError: Failed to fetch"), "Failed to fetch");
    assert.equal(
      relayedNetworkMessage("the relay failed to make the request: TypeError: NetworkError when attempting to fetch resource."),
      "NetworkError when attempting to fetch resource.",
    );
    assert.equal(relayedNetworkMessage("RangeError: no"), undefined);
  });

  it("explain a network error with its cause and a fix", () => {
    const text = explain(ErrorCode.NetworkError, relayUrl, "https://site.example", "TypeError: Failed to fetch");
    assert.match(text, /could not complete the request \(TypeError: Failed to fetch\)/);
  });
});

suite("explain", () => {
  const codes = Object.values(ErrorCode);
  // The README is at the repository's root; this test runs compiled, from src/bridge-ts/obj-ts/tests/client.
  const readme = readFileSync(new URL("../../../../../README.md", import.meta.url), "utf8");
  const table = readme.slice(readme.indexOf("### Error codes"));

  it("names the relay, the cause with its detail, and points to the code's row in the README", () => {
    for (const code of codes) {
      const text = explain(code, relayUrl, "https://site.example", "the detail");
      assert.ok(text.startsWith(`Bridge: the relay ${relayUrl} `), text);
      assert.ok(text.endsWith(` (see README: Error codes, ${code}).`), text);
      if (code !== ErrorCode.RelayClosed && code !== ErrorCode.PopupBlocked) assert.match(text, /\(the detail\)/, code);
      assert.match(table, new RegExp(`^\\|[^\\n]*\`${code}\``, "m"), `the README's Error codes table has no row for ${code}`);
    }
  });

  it("names the page's origin where the policy would have to allow it", () => {
    for (const code of [ErrorCode.RelayUnanswered, ErrorCode.HandshakeTimeout, ErrorCode.OriginNotAllowed]) {
      const text = explain(code, relayUrl, "https://site.example");
      assert.ok(text.includes("https://site.example") && text.includes("Bridge:Relay:Sites"), text);
    }
  });

  it("keeps the relay's detail as it is, patterns of String.replace included", () => {
    assert.match(explain(ErrorCode.PathNotAllowed, relayUrl, "https://site.example", "$& and $1"), /\(\$& and \$1\)/);
  });

  it("says nothing was sent for a request body too large, and not for a response body cut off", () => {
    const origin = "https://site.example";
    assert.match(explain(ErrorCode.TooLarge, relayUrl, origin, "the request body has 17 bytes"), /Nothing was sent to the service/);
    assert.doesNotMatch(explain(ErrorCode.TooLarge, relayUrl, origin, "the response body is larger"), /Nothing was sent/);
  });
});
