// Unit tests for the relay's storage-access decision (relay/storage-access) and for serve() refusing a credentialed
// call the relay's document cannot make with the service's cookies, before any request is made.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { ErrorCode } from "../../src/protocol/messages.js";
import { storageAccess, type StorageAccess, type StorageAccessApi } from "../../src/relay/storage-access.js";
import { WAITS } from "../harness/queue.js";
import { requestMessage, sitePolicy } from "./fixtures.js";
import { counters, requested, startSession, withRelayLocation } from "./session.js";

/** The Storage Access API of a frame, with what each part was asked. */
function api(has: boolean, state?: PermissionState, grants = true): StorageAccessApi & { readonly asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    hasStorageAccess: async () => (asked.push("has"), has),
    queryPermission: state === undefined ? undefined : async () => (asked.push("query"), state),
    requestStorageAccess: async () => {
      asked.push("request");
      if (!grants) throw new DOMException("no gesture", "NotAllowedError");
    },
  };
}

describe("storageAccess", () => {
  it("is granted where the document already has access (top level, a frame under the same site), asking nothing else", async () => {
    const frame = api(true, "prompt");
    assert.equal(await storageAccess(frame), "granted");
    assert.deepEqual(frame.asked, ["has"]);
  });

  it("is granted where the engine has no Storage Access API: it blocks nothing by it", async () => {
    assert.equal(await storageAccess({}), "granted");
  });

  it("takes a permission already granted, through requestStorageAccess, which needs no gesture then", async () => {
    const frame = api(false, "granted");
    assert.equal(await storageAccess(frame), "granted");
    assert.deepEqual(frame.asked, ["has", "query", "request"]);
  });

  it("is required when the permission would prompt: it does not ask without the user", async () => {
    const frame = api(false, "prompt");
    assert.equal(await storageAccess(frame), "required");
    assert.deepEqual(frame.asked, ["has", "query"]);
  });

  it("is denied when the permission was denied", async () => {
    assert.equal(await storageAccess(api(false, "denied")), "denied");
  });

  it("asks requestStorageAccess where the permission cannot be queried, and is required when it refuses", async () => {
    assert.equal(await storageAccess(api(false, undefined, false)), "required");
    assert.equal(await storageAccess(api(false, undefined, true)), "granted");
  });

  it("is required when hasStorageAccess or the query throws", async () => {
    const failing: StorageAccessApi = {
      hasStorageAccess: () => Promise.reject(new Error("no")),
      queryPermission: () => Promise.reject(new TypeError("storage-access is no permission name here")),
      requestStorageAccess: () => Promise.reject(new DOMException("no gesture", "NotAllowedError")),
    };
    assert.equal(await storageAccess(failing), "required");
  });
});

describe("serve: storage access", () => {
  withRelayLocation();
  const credentialed = sitePolicy({ allowCredentials: true });

  const refusals: ReadonlyArray<{ readonly access: StorageAccess; readonly version?: number; readonly code: ErrorCode }> = [
    { access: "required", code: ErrorCode.StorageAccessRequired },
    { access: "denied", code: ErrorCode.StorageAccessDenied },
    // A version 1 client would read the new code as a malformed message: it hears a code it knows.
    { access: "required", version: 1, code: ErrorCode.CredentialsNotAllowed },
  ];
  for (const { access, version, code } of refusals) {
    it(`refuses a credentialed call with ${code} when access is ${access} (version ${version ?? "2"}), and makes no request`, WAITS, async (t) => {
      const session = startSession(t, { policy: credentialed, storageAccess: async () => access, ...(version === undefined ? {} : { version }) });
      const counted = counters();
      session.client.request(requestMessage({ id: "credentialed", credentials: "include", ...(version === undefined ? {} : { v: version }) }));
      const failure = await session.client.failure();

      assert.equal(failure.code, code);
      assert.match(failure.message, /cannot see https:\/\/api\.example\.com's cookies/);
      assert.equal(session.service.callCount, 0, "no request was made");
      assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 1, relayedRequests: 0 });
    });
  }

  it("asks nothing for a call without credentials, which goes on as ever", WAITS, async (t) => {
    let asked = 0;
    const session = startSession(t, { policy: credentialed, storageAccess: async () => (asked++, "required") });
    const call = await requested(session, { credentials: "omit" });
    assert.equal(call.init.credentials, "omit");
    assert.equal(asked, 0);
  });

  it("makes a credentialed call once access is granted, with the service's cookies", WAITS, async (t) => {
    const session = startSession(t, { policy: credentialed, storageAccess: async () => "granted" });
    const call = await requested(session, { credentials: "include" });
    assert.equal(call.init.credentials, "same-origin");
  });
});
