// Unit tests for relay/serve: one page's session over a real MessageChannel, the page's end played by the test and
// read with bridge.js's own readers, the service played by a fetch the test answers by hand. Each refusal asserts
// both the failure the page hears and that no request was made.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { relayedNetworkMessage } from "../../src/client/errors.js";
import { CHUNK_WINDOW, ErrorCode, addressed, envelope, type ResponseMessage } from "../../src/protocol/messages.js";
import type { SitePolicy } from "../../src/relay/config.js";
import { stats } from "../../src/relay/stats.js";
import { ControlledBody, bytes, fetchedResponse, text, trickling } from "../harness/fake-fetch.js";
import { WAITS } from "../harness/queue.js";
import { ORIGIN_HEADER, PAGE_ORIGIN, SERVICE_ORIGIN, requestMessage, sitePolicy } from "./fixtures.js";
import { counters, requested, startSession, withRelayLocation } from "./session.js";

async function bodyText(response: ResponseMessage): Promise<string> {
  assert.ok(response.body !== null, "a transferred body");
  return new Response(response.body).text();
}

const API = `${SERVICE_ORIGIN}/api`;

withRelayLocation();

describe("serve: a request answered", () => {
  it("makes the page's request same-origin, naming the page's origin in the relay's header", WAITS, async (t) => {
    const session = startSession(t);
    const call = await requested(session, {
      method: "POST",
      url: `${API}/orders?page=2`,
      headers: [["Content-Type", "text/plain"]],
      body: bytes("hello"),
    });

    assert.equal(call.url.href, `${API}/orders?page=2`);
    assert.equal(call.init.method, "POST");
    assert.equal(call.headers.get("content-type"), "text/plain");
    assert.equal(call.headers.get(ORIGIN_HEADER), PAGE_ORIGIN);
    assert.deepEqual([...call.headers.keys()].sort(), [ORIGIN_HEADER, "content-type"]);
    assert.equal(call.bodyText(), "hello");
    assert.equal(call.init.mode, "same-origin");
    assert.equal(call.init.credentials, "omit");
    assert.equal(call.init.cache, "no-store", "never the HTTP cache, whatever the page asks");
    assert.equal(call.init.referrerPolicy, "strict-origin-when-cross-origin", "the browser default, not the page's no-referrer");
    assert.equal(call.init.redirect, "follow");
    assert.equal(call.init.keepalive, false);
    assert.equal(call.signal.aborted, false);
  });

  it("passes on the page's other choices: its cookies as same-origin ones where allowed, referrer policy, integrity, keepalive", WAITS, async (t) => {
    const session = startSession(t, { policy: sitePolicy({ allowCredentials: true }) });
    const call = await requested(session, {
      credentials: "include",
      cache: "force-cache",
      referrerPolicy: "no-referrer",
      integrity: "sha256-abc",
      redirect: "manual",
      keepalive: true,
    });

    assert.equal(call.init.credentials, "same-origin");
    assert.equal(call.init.cache, "no-store");
    assert.equal(call.init.referrerPolicy, "no-referrer");
    assert.equal(call.init.integrity, "sha256-abc");
    assert.equal(call.init.redirect, "manual");
    assert.equal(call.init.keepalive, true);
  });

  it("answers with the status, the headers the policy exposes, url and redirected; the body as a transferred stream", WAITS, async (t) => {
    const session = startSession(t);
    const counted = counters();
    const call = await requested(session, { id: "call-1" });
    call.respond(
      fetchedResponse("the body", {
        status: 201,
        statusText: "Created",
        headers: { "Content-Type": "text/plain", ETag: '"v1"', "X-Secret": "token" },
        url: `${API}/orders`,
      }),
    );
    const response = await session.client.response();

    assert.equal(response.id, "call-1");
    assert.equal(response.status, 201);
    assert.equal(response.statusText, "Created");
    assert.deepEqual(response.headers, [
      ["content-type", "text/plain"],
      ["etag", '"v1"'],
    ]);
    assert.equal(response.url, `${API}/orders`);
    assert.equal(response.redirected, false);
    assert.equal(response.chunked, false);
    assert.equal(await bodyText(response), "the body");
    assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 0, relayedRequests: 1 });
  });

  it("answers a response without a body with body null, in either mode, and ends the call", WAITS, async (t) => {
    for (const transferStreams of [true, false]) {
      const session = startSession(t, { transferStreams });
      const call = await requested(session);
      call.respond(fetchedResponse(null, { status: 204 }));
      const response = await session.client.response();

      assert.equal(response.status, 204);
      assert.equal(response.body, null);
      assert.equal(response.chunked, false);
      session.client.pull("id-1");
      assert.deepEqual(await session.client.settle(), [], "a pull finds no call left to answer");
    }
  });

  it("reports a redirect within the policy with the final url", WAITS, async (t) => {
    const session = startSession(t);
    const call = await requested(session);
    call.respond(fetchedResponse("moved", { url: `${API}/elsewhere`, redirected: true }));
    const response = await session.client.response();

    assert.equal(response.url, `${API}/elsewhere`);
    assert.equal(response.redirected, true);
    assert.equal(await bodyText(response), "moved");
  });
});

describe("serve: chunked bodies", () => {
  it("sends a window of chunks on credit, then one per pull, reading the fetch's body no faster", WAITS, async (t) => {
    const session = startSession(t, { transferStreams: false });
    const chunkedBefore = stats.chunkedBodies;
    const call = await requested(session, { id: "chunky" });
    const chunks = Array.from({ length: CHUNK_WINDOW + 1 }, (_, i) => `chunk ${i}`);
    const source = trickling(chunks);
    call.respond(fetchedResponse(source.stream));
    const response = await session.client.response();

    assert.equal(response.chunked, true);
    assert.equal(response.body, null);
    assert.equal(stats.chunkedBodies, chunkedBefore + 1, "counted");
    for (let i = 0; i < CHUNK_WINDOW; i++) assert.equal(text((await session.client.chunk()).data), `chunk ${i}`);
    assert.deepEqual(await session.client.settle(), [], "a window's worth unasked, no more");
    assert.equal(source.pulls, CHUNK_WINDOW, "the relay's look at whether the body ends at once took the first");

    session.client.pull("chunky");
    assert.equal(text((await session.client.chunk()).data), `chunk ${CHUNK_WINDOW}`);
    assert.equal(source.pulls, CHUNK_WINDOW + 1);
    session.client.pull("chunky");
    assert.equal(await session.client.end(), "chunky");
    session.client.pull("chunky");
    assert.deepEqual(await session.client.settle(), [], "the call ended with its body");
    assert.equal(source.pulls, CHUNK_WINDOW + 2);
  });

  it("says end once, though more reads of its credit than the body's chunks wait for it", WAITS, async (t) => {
    const session = startSession(t, { transferStreams: false });
    const call = await requested(session, { id: "short" });
    call.respond(fetchedResponse(trickling(["first", "second"]).stream));
    await session.client.response();

    assert.equal(text((await session.client.chunk()).data), "first");
    assert.equal(text((await session.client.chunk()).data), "second");
    assert.equal(await session.client.end(), "short");
    assert.deepEqual(await session.client.settle(), [], "one end");
  });

  it("before version 4, sends one chunk per pull, reading the fetch's body no faster than the page pulls", WAITS, async (t) => {
    const session = startSession(t, { transferStreams: false, version: 3 });
    const call = await requested(session, { id: "chunky", v: 3 });
    const source = trickling(["first", "second"]);
    call.respond(fetchedResponse(source.stream));
    const response = await session.client.response();

    assert.equal(response.chunked, true);
    assert.equal(response.body, null);
    assert.deepEqual(await session.client.settle(), []);
    assert.equal(source.pulls, 1, "one read before the first pull: the relay's look at whether the body ends at once");

    session.client.pull("chunky");
    const first = await session.client.chunk();
    assert.equal(first.id, "chunky");
    assert.equal(text(first.data), "first");
    assert.deepEqual(await session.client.settle(), [], "one chunk for one pull");
    assert.equal(source.pulls, 1, "the first pull took the chunk that read gave");

    session.client.pull("chunky");
    assert.equal(text((await session.client.chunk()).data), "second");
    assert.equal(source.pulls, 2);

    session.client.pull("chunky");
    assert.equal(await session.client.end(), "chunky");
    assert.equal(source.pulls, 3);

    session.client.pull("chunky");
    assert.deepEqual(await session.client.settle(), [], "the call ended with its body");
    assert.equal(source.pulls, 3);
  });

  it("fails a body that grows past the policy's size with too-large, after the chunks within it, and cancels it", WAITS, async (t) => {
    const session = startSession(t, { transferStreams: false, policy: sitePolicy({ maxResponseBodyBytes: 8 }) });
    const call = await requested(session);
    const source = trickling(["12345", "67890", "never read"]);
    call.respond(fetchedResponse(source.stream));
    await session.client.response();

    session.client.pull("id-1");
    assert.equal(text((await session.client.chunk()).data), "12345");
    session.client.pull("id-1");
    const failure = await session.client.failure();

    assert.equal(failure.code, ErrorCode.TooLarge);
    assert.equal(failure.message, "the response body is larger than the 8 bytes the service allows");
    await source.whenCancelled();
    assert.equal(source.pulls, 2);
  });

  it("reports a body that fails mid-way as a network error with the engine's message", WAITS, async (t) => {
    const session = startSession(t, { transferStreams: false });
    const call = await requested(session);
    const source = trickling(["partial"], { error: new TypeError("terminated") });
    call.respond(fetchedResponse(source.stream));
    await session.client.response();

    session.client.pull("id-1");
    await session.client.chunk();
    session.client.pull("id-1");
    const failure = await session.client.failure();

    assert.equal(failure.code, ErrorCode.NetworkError);
    assert.equal(failure.message, "TypeError: terminated");
  });

  it("falls back to chunks where the engine cannot transfer a stream", WAITS, async (t) => {
    const session = startSession(t, { transferStreams: true, wrapPort: withoutStreamTransfer });
    const call = await requested(session);
    call.respond(fetchedResponse(trickling(["only"]).stream));
    const response = await session.client.response();

    assert.equal(response.chunked, true);
    assert.equal(response.body, null);
    session.client.pull("id-1");
    assert.equal(text((await session.client.chunk()).data), "only");
    session.client.pull("id-1");
    assert.equal(await session.client.end(), "id-1");
  });
});

describe("serve: response size", () => {
  it("refuses a declared Content-Length over the policy before any byte, and cancels the body", WAITS, async (t) => {
    const session = startSession(t, { policy: sitePolicy({ maxResponseBodyBytes: 1024 }) });
    const counted = counters();
    const call = await requested(session);
    const source = new ControlledBody(["x"]);
    call.respond(fetchedResponse(source.stream, { headers: { "Content-Length": "1025" } }));
    const failure = await session.client.failure();

    assert.equal(failure.code, ErrorCode.TooLarge);
    assert.match(failure.message, /1024 bytes/);
    await source.whenCancelled();
    assert.equal(source.pulls, 0);
    assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 1, relayedRequests: 1 });
  });

  it("errors a transferred body that grows past the policy's size with the too-large reason, and cancels the source", WAITS, async (t) => {
    const session = startSession(t, { policy: sitePolicy({ maxResponseBodyBytes: 8 }) });
    const call = await requested(session);
    const source = trickling(["12345", "67890"]);
    call.respond(fetchedResponse(source.stream));
    const response = await session.client.response();
    assert.ok(response.body instanceof ReadableStream);
    const reader = response.body.getReader();

    assert.equal(text((await reader.read()).value ?? new Uint8Array()), "12345");
    await assert.rejects(reader.read(), (error: unknown) => {
      assert.deepEqual(error, { bridgeCode: ErrorCode.TooLarge, message: "the response body is larger than the 8 bytes the service allows" });
      return true;
    });
    await source.whenCancelled();
  });
});

describe("serve: refusals", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly policy?: SitePolicy;
    readonly request: Parameters<typeof requestMessage>[0];
    readonly code: ErrorCode;
    readonly message: RegExp;
  }> = [
    { name: "a path outside the policy", request: { url: `${SERVICE_ORIGIN}/admin` }, code: ErrorCode.PathNotAllowed, message: /\/admin/ },
    { name: "a method the policy does not list", request: { method: "DELETE" }, code: ErrorCode.MethodNotAllowed, message: /DELETE/ },
    { name: "a header the policy does not list", request: { headers: [["X-Secret", "1"]] }, code: ErrorCode.HeaderNotAllowed, message: /x-secret/ },
    {
      name: "the relay's own origin header, set by the page",
      policy: sitePolicy({ requestHeaders: null }),
      request: { headers: [[ORIGIN_HEADER, "https://bank.example"]] },
      code: ErrorCode.HeaderNotAllowed,
      message: /bridge-relay-origin/,
    },
    { name: "credentials where the policy allows none", request: { credentials: "include" }, code: ErrorCode.CredentialsNotAllowed, message: /cookies/ },
    { name: "a request body over the policy's size", request: { method: "POST", body: new ArrayBuffer(17) }, code: ErrorCode.TooLarge, message: /17 bytes/ },
    {
      name: "a URL on another origin",
      request: { url: "https://elsewhere.example/api/x" },
      code: ErrorCode.TargetNotAllowed,
      message: /its own origin https:\/\/api\.example\.com/,
    },
    { name: "a URL that does not parse", request: { url: "not a url" }, code: ErrorCode.TargetNotAllowed, message: /its own origin/ },
  ];
  for (const refusal of cases) {
    it(`refuses ${refusal.name} with ${refusal.code}, and makes no request`, WAITS, async (t) => {
      const session = startSession(t, refusal.policy === undefined ? {} : { policy: refusal.policy });
      const counted = counters();
      session.client.request(requestMessage({ id: "refused", ...refusal.request }));
      const failure = await session.client.failure();

      assert.equal(failure.id, "refused");
      assert.equal(failure.code, refusal.code);
      assert.match(failure.message, refusal.message);
      assert.deepEqual(await session.client.settle(), []);
      assert.equal(session.service.callCount, 0, "no request was made");
      assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 1, relayedRequests: 0 });
    });
  }

  it("refuses a redirect to a path outside the policy with path-not-allowed, and cancels its body", WAITS, async (t) => {
    const session = startSession(t);
    const counted = counters();
    const call = await requested(session);
    const source = new ControlledBody(["the admin page"]);
    call.respond(fetchedResponse(source.stream, { url: `${SERVICE_ORIGIN}/admin/users`, redirected: true }));
    const failure = await session.client.failure();

    assert.equal(failure.code, ErrorCode.PathNotAllowed);
    assert.match(failure.message, /redirected to \/admin\/users/);
    await source.whenCancelled();
    assert.equal(source.pulls, 0, "no byte of it was read");
    assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 1, relayedRequests: 1 });
  });

  it("fails a request the engine cannot make (a header name it refuses) rather than leave the page waiting", WAITS, async (t) => {
    const session = startSession(t, { policy: sitePolicy({ requestHeaders: null }) });
    session.client.request(requestMessage({ headers: [["bad name", "1"]] }));
    const failure = await session.client.failure();

    assert.equal(failure.code, ErrorCode.NetworkError);
    assert.match(failure.message, /^the relay failed to make the request: TypeError: /);
    assert.equal(session.service.callCount, 0);
  });
});

describe("serve: aborts and cancels", () => {
  it("aborts the fetch when the page aborts before the response, and then sends nothing", WAITS, async (t) => {
    const session = startSession(t);
    const call = await requested(session, { id: "call-1" });
    session.client.abort("call-1");
    await call.aborted();
    // The engine rejects an aborted fetch with its signal's reason.
    call.fail(call.signal.reason);

    assert.deepEqual(await session.client.settle(), [], "the page, which has already rejected, hears nothing");
  });

  it("cancels the fetch's body and aborts its signal when the page cancels a chunked body", WAITS, async (t) => {
    const session = startSession(t, { transferStreams: false });
    const call = await requested(session);
    const source = trickling(Array.from({ length: CHUNK_WINDOW + 2 }, (_, i) => String(i)));
    call.respond(fetchedResponse(source.stream));
    await session.client.response();
    await session.client.chunk();

    session.client.cancel("id-1");
    await source.whenCancelled();
    assert.equal(call.signal.aborted, true);
    const pulls = source.pulls;
    session.client.pull("id-1");
    const after = await session.client.settle();
    assert.ok(after.every((type) => type === "chunk"), `only chunks read before the cancel may still come: ${after.join(", ")}`);
    assert.equal(source.pulls, pulls, "a cancelled body is read no further");
  });

  it("cancels the fetch's body and aborts its signal when the page cancels a transferred body", WAITS, async (t) => {
    const session = startSession(t);
    const transferredBefore = stats.transferredBodies;
    const call = await requested(session);
    const source = trickling(["a", "b"]);
    call.respond(fetchedResponse(source.stream));
    const response = await session.client.response();
    assert.ok(response.body instanceof ReadableStream);
    assert.equal(stats.transferredBodies, transferredBefore + 1, "counted");

    await response.body.cancel("no longer wanted");
    assert.equal(await source.whenCancelled(), "no longer wanted");
    assert.equal(call.signal.aborted, true);
  });

  it("on its end says closing and aborts pending fetches, except keepalive ones, which outlive the document", WAITS, async (t) => {
    const session = startSession(t);
    const plain = await requested(session, { id: "plain" });
    const keepalive = await requested(session, { id: "keepalive", keepalive: true });

    session.end();
    await session.client.closing();
    assert.equal(plain.signal.aborted, true);
    assert.equal(keepalive.signal.aborted, false);
  });
});

describe("serve: failures", () => {
  it("carries a network error to the page with the engine's message", WAITS, async (t) => {
    const session = startSession(t);
    const counted = counters();
    const call = await requested(session, { id: "call-1" });
    call.fail(new TypeError("Failed to fetch"));
    const failure = await session.client.failure();

    assert.equal(failure.id, "call-1");
    assert.equal(failure.code, ErrorCode.NetworkError);
    assert.equal(failure.message, "TypeError: Failed to fetch");
    assert.equal(relayedNetworkMessage(failure.message), "Failed to fetch", "bridge.js takes the engine's message from it");
    assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 0, relayedRequests: 0 });
  });

  it("holds a failure back while the document may be leaving, and reports it once it has stayed", WAITS, async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const session = startSession(t, { leaving: () => true });
    const call = await requested(session);
    call.fail(new TypeError("Failed to fetch"));

    assert.deepEqual(await session.client.settle(), []);
    t.mock.timers.tick(2_999);
    assert.deepEqual(await session.client.settle(), []);
    t.mock.timers.tick(1);
    assert.equal((await session.client.failure()).code, ErrorCode.NetworkError);
  });
});

describe("serve: messages it does not take", () => {
  const ignored: ReadonlyArray<readonly [string, unknown]> = [
    ["a string", "bridge"],
    ["null", null],
    ["an envelope of another protocol", { ...requestMessage(), ns: "other" }],
    ["a request of another version", { ...requestMessage(), v: 9 }],
    ["a type that does not exist", { ...addressed("ping", "id-1"), type: "teapot" }],
    ["a request without a url", { ...requestMessage(), url: undefined }],
    ["a request whose body is a string", { ...requestMessage(), body: "hello" }],
    ["a hello, which belongs to the handshake", { ...envelope("hello"), streams: true }],
  ];
  for (const [name, data] of ignored) {
    it(`ignores ${name}, counts it, and makes no request`, WAITS, async (t) => {
      const session = startSession(t);
      const counted = counters();
      session.client.send(data);

      assert.deepEqual(await session.client.settle(), []);
      assert.equal(session.service.callCount, 0);
      assert.deepEqual(counted(), { ignoredMessages: 1, refusedRequests: 0, relayedRequests: 0 });
    });
  }

  it("ignores and counts a request whose id is in use, making one request only", WAITS, async (t) => {
    const session = startSession(t);
    const counted = counters();
    await requested(session, { id: "twice" });
    session.client.request(requestMessage({ id: "twice", url: `${API}/other` }));

    assert.deepEqual(await session.client.settle(), []);
    assert.equal(session.service.callCount, 1);
    assert.equal(counted().ignoredMessages, 1);
  });

  it("drops, without a word, an abort, cancel or pull for a call it does not have, and a ping without an id", WAITS, async (t) => {
    const session = startSession(t);
    const counted = counters();
    session.client.abort("unknown");
    session.client.cancel("unknown");
    session.client.pull("unknown");
    session.client.send({ ...addressed("ping", "id-1"), id: undefined });

    assert.deepEqual(await session.client.settle(), []);
    assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 0, relayedRequests: 0 });
  });

  it("answers a ping with a pong of the same id, while a fetch is pending too", WAITS, async (t) => {
    const session = startSession(t);
    await requested(session);
    session.client.ping("ping-7");

    assert.equal(await session.client.pong(), "ping-7");
  });
});

/**
 * A port that refuses to transfer streams, as the engines that cannot (Safari) do: the relay falls back to chunks.
 * Everything else passes to the real port.
 */
function withoutStreamTransfer(port: MessagePort): MessagePort {
  const refusing = {
    postMessage(message: unknown, transfer: Transferable[] = []): void {
      if (transfer.some((item) => item instanceof ReadableStream)) {
        throw new DOMException("ReadableStream cannot be transferred", "DataCloneError");
      }
      port.postMessage(message, transfer);
    },
    addEventListener: port.addEventListener.bind(port),
    removeEventListener: port.removeEventListener.bind(port),
    start: () => port.start(),
    close: () => port.close(),
  };
  // serve() uses only these members of its port.
  return refusing as unknown as MessagePort;
}
