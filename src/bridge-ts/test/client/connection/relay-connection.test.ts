// Unit tests for client/connection: a RelayConnection over a fake transport (harness/fake-transport.ts), whose window
// answers the hello as the relay page does and hands over a port to a fake relay (harness/fake-relay.ts). The
// handshake, calls and their bodies, the relay's death in each of its forms, liveness and close, without a browser.
// Timeouts run on node:test's mock timers, liveness's clock (performance.now) on a mock the test advances with them.

import { after, before, describe, it, mock, type TestContext } from "node:test";
import assert from "node:assert/strict";

import {
  ErrorCode,
  HELLO_VERSION,
  PROTOCOL_NAMESPACE,
  PROTOCOL_VERSION,
  SUPPORTED_VERSIONS,
  addressed,
  envelope,
  type ResponseMessage,
} from "../../../src/protocol/messages.js";
import { RelayConnection, type OutgoingRequest, type RelaySettings } from "../../../src/client/connection/relay-connection.js";
import { describe as explanationOf, engineNetworkMessage, explain, isBridgeError, type BridgeError } from "../../../src/client/errors.js";
import { ControlledBody, text } from "../../harness/fake-fetch.js";
import { relaySession, type FakeRelay, type RelayCall } from "../../harness/fake-relay.js";
import { FakeTransport, type FakeTransportOptions, type RelayWindow } from "../../harness/fake-transport.js";
import { FakeLocation, replaceGlobals } from "../../harness/fake-window.js";
import { WAITS } from "../../harness/queue.js";
import { PAGE_ORIGIN, SERVICE_ORIGIN, requestMessage } from "../../relay/fixtures.js";

const RELAY_URL = new URL(`${SERVICE_ORIGIN}/bridge/relay.html`);
const SETTINGS: RelaySettings = { handshakeTimeout: 10_000, answerTimeout: 3_000, livenessTimeout: 5_000, transferStreams: true };

/** The engine's network-error message, which network failures carry (errors.ts asks the engine once). */
let networkMessage = "";

let restoreGlobals = (): void => undefined;

before(async () => {
  restoreGlobals = replaceGlobals({ location: new FakeLocation(`${PAGE_ORIGIN}/cart`) });
  // A network failure's explanation goes to the console, as the browser logs its own network errors.
  mock.method(console, "warn", () => undefined);
  // Asked now, with the real timers: a test's mock timers must not stand between the probe and its answer.
  networkMessage = await engineNetworkMessage();
});

after(() => {
  mock.restoreAll();
  restoreGlobals();
});

interface Opened {
  readonly connection: RelayConnection;
  readonly transport: FakeTransport;
  /** Whether the connection has told its owner it died (it does so at once, in the turn it dies). */
  readonly died: () => boolean;
}

interface OpenOptions {
  readonly settings?: Partial<RelaySettings>;
  readonly transport?: FakeTransportOptions;
}

/** A connection to RELAY_URL, closed after the test. */
function open(t: TestContext, options: OpenOptions = {}): Opened {
  const transport = new FakeTransport(options.transport);
  let deaths = 0;
  const connection = new RelayConnection(RELAY_URL, transport.open, { ...SETTINGS, ...options.settings }, (dead) => {
    assert.equal(dead, connection, "the connection reports itself");
    deaths++;
  });
  t.after(() => connection.close());
  return {
    connection,
    transport,
    died: () => {
      assert.ok(deaths <= 1, "the connection dies once");
      return deaths === 1;
    },
  };
}

interface Connected extends Opened {
  readonly window: RelayWindow;
  readonly relay: FakeRelay;
}

/** A connection whose handshake is done, and the relay on the other end. */
async function connect(t: TestContext, options: OpenOptions = {}): Promise<Connected> {
  const opened = open(t, options);
  const window = await opened.transport.nextWindow();
  await opened.connection.ready();
  return { ...opened, window, relay: await window.relay };
}

/** A request as bridge.fetch gives it to the connection: the relay's request message without its envelope and id. */
function request(overrides: Partial<OutgoingRequest> = {}): OutgoingRequest {
  const { ns, v, type, id, ...outgoing } = requestMessage();
  return { ...outgoing, ...overrides };
}

/** Sends a request and waits for the relay to receive it. */
async function call(
  { connection, relay }: Connected,
  id: string,
  signal = new AbortController().signal,
): Promise<{ readonly answer: Promise<ResponseMessage>; readonly at: RelayCall }> {
  const answer = connection.send(request(), id, [], signal);
  answer.catch(() => undefined);
  const at = await relay.nextCall();
  assert.equal(at.request.id, id);
  return { answer, at };
}

let syncs = 0;

/**
 * Waits until the relay has received everything the connection posted so far: a request sent now arrives after it
 * all (a port keeps order). The request is then aborted.
 */
async function relayCaughtUp(connected: Connected): Promise<void> {
  const id = `sync-${++syncs}`;
  await call(connected, id);
  connected.connection.abort(id);
}

/** The error a promise rejects with, which must be the bridge's, of this code, for RELAY_URL. */
async function bridgeFailure(promise: Promise<unknown>, code: ErrorCode): Promise<BridgeError> {
  const error = await promise.then(
    () => assert.fail(`resolved where it should reject with ${code}`),
    (reason: unknown) => reason,
  );
  assert.ok(isBridgeError(error), `a bridge error, not ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.equal(error.relayUrl, RELAY_URL.href);
  return error;
}

/** A refusal's message is its explanation: what was refused, by whom, and the fix. */
function assertRefusal(error: BridgeError, detail?: string): void {
  const explanation = explain(error.code, RELAY_URL.href, PAGE_ORIGIN, detail);
  assert.equal(error.message, explanation);
  assert.equal(explanationOf(error), explanation);
}

/** A network failure's message is the engine's own, as fetch's is; the explanation is beside it. */
function assertNetworkFailure(error: BridgeError, detail?: string): void {
  assert.equal(error.message, networkMessage);
  assert.equal(explanationOf(error), explain(error.code, RELAY_URL.href, PAGE_ORIGIN, detail));
}

/** A body that never gives its first chunk: a read of it waits on the relay. */
const silentBody = (): ReadableStream<Uint8Array> => new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) }, { highWaterMark: 0 });

// ---------------------------------------------------------------------------------------------------------------

describe("the handshake", () => {
  it("greets the loaded window with the versions bridge.js speaks and the body transport it takes", WAITS, async (t) => {
    for (const transferStreams of [true, false]) {
      const { transport } = open(t, { settings: { transferStreams } });
      const window = await transport.nextWindow();

      assert.equal(window.relayUrl.href, RELAY_URL.href);
      assert.deepEqual(await window.nextHello(), {
        ns: PROTOCOL_NAMESPACE,
        v: HELLO_VERSION,
        type: "hello",
        versions: SUPPORTED_VERSIONS,
        streams: transferStreams,
      });
    }
  });

  it("is ready once the relay answers ready with its port, and tells the transport the handshake is done", WAITS, async (t) => {
    const connected = await connect(t);
    const { connection, window, died } = connected;

    assert.equal(window.established, true);
    assert.equal(connection.isAlive(), true);
    assert.equal(died(), false);
    const { answer, at } = await call(connected, "first");
    at.respond({ status: 204 });
    assert.equal((await answer).status, 204);
  });

  it("greets again a window that loads another document before answering, and takes the answer to the last", WAITS, async (t) => {
    const { connection, transport } = open(t, { transport: { loads: false, answer: "silent" } });
    const window = await transport.nextWindow();
    window.load();
    window.load();
    await window.nextHello();
    await window.nextHello();
    const { relay, clientPort } = relaySession();
    t.after(() => relay.close());
    window.post(envelope("ready"), [clientPort]);

    await connection.ready();
    assert.equal(window.greetings, 2);
  });

  it("ignores what is no ready or refused, a ready without its port, and one over windows not offered, and waits on", WAITS, async (t) => {
    const { connection, transport, died } = open(t, { transport: { answer: "silent" } });
    const window = await transport.nextWindow();
    await window.nextHello();
    window.post("ready");
    window.post({ ...envelope("ready"), ns: "other" });
    window.post(addressed("pong", "x"));
    window.post({ ...envelope("refused"), code: "teapot", message: "m" });
    window.post(envelope("ready"));
    // The windows, which this transport did not offer.
    window.post({ ...envelope("ready"), window: true });
    const { relay, clientPort } = relaySession();
    t.after(() => relay.close());
    window.post(envelope("ready"), [clientPort]);

    await connection.ready();
    assert.equal(died(), false);
  });

  it("fails with origin-not-allowed when the relay refuses the page, its reason in the explanation", WAITS, async (t) => {
    const { connection, transport, died } = open(t, { transport: { answer: "silent" } });
    const window = await transport.nextWindow();
    await window.nextHello();
    window.post({ ...envelope("refused"), code: ErrorCode.OriginNotAllowed, message: `${PAGE_ORIGIN} is not on the list` });

    const error = await bridgeFailure(connection.ready(), ErrorCode.OriginNotAllowed);
    assertRefusal(error, `${PAGE_ORIGIN} is not on the list`);
    assert.match(error.message, /Bridge:Relay:Sites/, "the fix");
    assert.equal(died(), true);
    assert.equal(window.closed, true, "the transport is closed");
    assert.equal(connection.isAlive(), false);
  });

  it("fails with version-mismatch when the relay chooses a version bridge.js does not speak, or refuses for that", WAITS, async (t) => {
    const chose = open(t, { transport: { answer: "silent" } });
    const choseWindow = await chose.transport.nextWindow();
    await choseWindow.nextHello();
    const { relay, clientPort } = relaySession();
    t.after(() => relay.close());
    choseWindow.post({ ...envelope("ready"), v: 9 }, [clientPort]);
    assertRefusal(await bridgeFailure(chose.connection.ready(), ErrorCode.VersionMismatch), "relay version 9, bridge.js versions 1, 2, 3, 4, 5");

    const refused = open(t, { transport: { answer: "silent" } });
    const refusedWindow = await refused.transport.nextWindow();
    await refusedWindow.nextHello();
    refusedWindow.post({ ...envelope("refused"), code: ErrorCode.VersionMismatch, message: "the relay speaks version 3" });
    assertRefusal(await bridgeFailure(refused.connection.ready(), ErrorCode.VersionMismatch), "the relay speaks version 3");
  });

  it("fails with handshake-timeout when the window does not load within handshakeTimeout", WAITS, async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
    const { connection, transport, died } = open(t, { transport: { loads: false } });
    const window = await transport.nextWindow();

    t.mock.timers.tick(SETTINGS.handshakeTimeout - 1);
    assert.equal(died(), false);
    t.mock.timers.tick(1);
    assert.equal(died(), true);
    const error = await bridgeFailure(connection.ready(), ErrorCode.HandshakeTimeout);
    assertNetworkFailure(error, `no answer within ${SETTINGS.handshakeTimeout} ms`);
    assert.equal(window.closed, true);
  });

  it("fails with relay-unanswered when the loaded window does not answer within answerTimeout", WAITS, async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
    const { connection, transport, died } = open(t, { transport: { answer: "silent" } });
    const window = await transport.nextWindow();
    await window.nextHello();

    t.mock.timers.tick(SETTINGS.answerTimeout - 1);
    assert.equal(died(), false);
    t.mock.timers.tick(1);
    assert.equal(died(), true);
    const error = await bridgeFailure(connection.ready(), ErrorCode.RelayUnanswered);
    assertNetworkFailure(error);
    assert.match(explanationOf(error), /frame-ancestors/, "the likely cause");
  });

  it("stops its timers once ready: a connection that answered never times out", WAITS, async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
    const { connection, died } = await connect(t);

    t.mock.timers.tick(SETTINGS.handshakeTimeout * 2);
    assert.equal(died(), false);
    assert.equal(connection.isAlive(), true);
  });

  it("fails with the transport's loss when the window goes away during the handshake", WAITS, async (t) => {
    const { connection, transport } = open(t, { transport: { answer: "silent" } });
    const window = await transport.nextWindow();
    await window.nextHello();
    window.lose("the relay frame was removed from the page");

    assertNetworkFailure(await bridgeFailure(connection.ready(), ErrorCode.RelayLost), "the relay frame was removed from the page");
  });
});

describe("a call", () => {
  it("sends the request as given, and resolves with the relay's status, headers and transferred body", WAITS, async (t) => {
    const connected = await connect(t);
    const { connection, relay } = connected;
    const body = new TextEncoder().encode("order").buffer as ArrayBuffer;
    const sent = request({ method: "POST", headers: [["content-type", "text/plain"]], body, credentials: "include" });
    const answer = connection.send(sent, "call-1", [body], new AbortController().signal);
    const at = await relay.nextCall();

    assert.deepEqual(at.request, { ns: PROTOCOL_NAMESPACE, v: PROTOCOL_VERSION, type: "request", id: "call-1", ...sent, body: at.request.body });
    assert.equal(text(at.request.body ?? new ArrayBuffer(0)), "order");
    assert.equal(body.byteLength, 0, "the request body was transferred, not copied");
    at.respond({ status: 201, statusText: "Created", headers: [["content-type", "text/plain"]] }, new ControlledBody(["hello, ", "world"]).stream);
    const message = await answer;
    assert.equal(message.status, 201);
    assert.equal(message.statusText, "Created");
    assert.deepEqual(message.headers, [["content-type", "text/plain"]]);
    assert.equal(message.chunked, false);
    const responseBody = connection.body(message, new AbortController().signal);
    assert.ok(responseBody !== null);
    assert.equal(await new Response(responseBody.stream).text(), "hello, world");
  });

  it("gives no body for a response without one", WAITS, async (t) => {
    const connected = await connect(t);
    const { answer, at } = await call(connected, "no-body");
    at.respond({ status: 204 });

    assert.equal(connected.connection.body(await answer, new AbortController().signal), null);
  });

  it("reads a chunked body: a window on credit, then pulls at most a window ahead of the reads, none before them", WAITS, async (t) => {
    const connected = await connect(t, { settings: { transferStreams: false } });
    const { answer, at } = await call(connected, "chunked");
    const source = new ControlledBody(["a", "b"]);
    at.respond({}, source.stream);
    const message = await answer;
    assert.equal(message.chunked, true);
    const responseBody = connected.connection.body(message, new AbortController().signal);
    assert.ok(responseBody !== null);
    const reader = responseBody.stream.getReader();

    await relayCaughtUp(connected);
    assert.equal(at.pulls, 0, "no pull before the first read");
    const reads: string[] = [];
    for (let read = 1; ; read++) {
      const { done, value } = await reader.read();
      await relayCaughtUp(connected);
      assert.ok(at.pulls <= read - 1, `read ${read}: ${at.pulls} pulls, at most one per read before it`);
      if (done) break;
      reads.push(text(value));
    }
    assert.deepEqual(reads, ["a", "b"]);
    assert.equal(source.pulls, 3, "two chunks and the end");
  });

  const failures: ReadonlyArray<readonly [ErrorCode, string]> = [
    [ErrorCode.PathNotAllowed, "the service does not allow the path /admin"],
    [ErrorCode.MethodNotAllowed, "the service does not allow the method DELETE"],
    [ErrorCode.TooLarge, "the request body is larger than the 10 bytes the service allows"],
  ];
  for (const [code, detail] of failures) {
    it(`rejects with ${code} when the relay refuses it, the relay's words in the explanation`, WAITS, async (t) => {
      const connected = await connect(t);
      const { answer, at } = await call(connected, "refused");
      at.fail(code, detail);

      assertRefusal(await bridgeFailure(answer, code), detail);
      assert.equal(connected.connection.isAlive(), true, "a refusal ends the call, not the connection");
    });
  }

  it("rejects with network-error and the engine's message the relay passed on when the relay's fetch fails", WAITS, async (t) => {
    const connected = await connect(t);
    const { answer, at } = await call(connected, "network");
    at.failNetwork("NetworkError when attempting to fetch resource.");

    const error = await bridgeFailure(answer, ErrorCode.NetworkError);
    assert.equal(error.message, "NetworkError when attempting to fetch resource.");
    assert.ok(error.cause instanceof TypeError);
    assert.equal(error.cause.message, "NetworkError when attempting to fetch resource.");
    assert.equal(explanationOf(error), explain(ErrorCode.NetworkError, RELAY_URL.href, PAGE_ORIGIN, "TypeError: NetworkError when attempting to fetch resource."));
  });

  it("fails a chunked body with the failure the relay sends after its response", WAITS, async (t) => {
    const connected = await connect(t, { settings: { transferStreams: false } });
    const { answer, at } = await call(connected, "body-fails");
    at.respond({}, new ControlledBody(["a"], { error: new Error("connection reset") }).stream);
    const responseBody = connected.connection.body(await answer, new AbortController().signal);
    assert.ok(responseBody !== null);
    const reader = responseBody.stream.getReader();
    assert.equal(text((await reader.read()).value ?? new Uint8Array()), "a");

    const error = await bridgeFailure(reader.read(), ErrorCode.NetworkError);
    assert.equal(error.message, "connection reset");
    assert.equal(responseBody.failure?.error, error);
  });

  it("rejects with protocol-error when the relay's answer to it is malformed, and goes on with the others", WAITS, async (t) => {
    const connected = await connect(t);
    const response = await call(connected, "bad-response");
    const failure = await call(connected, "bad-failure");
    const other = await call(connected, "other");
    connected.relay.send({ ...addressed("response", "bad-response"), status: 1000 });
    connected.relay.send({ ...addressed("failure", "bad-failure"), code: "teapot", message: "m" });

    assertRefusal(await bridgeFailure(response.answer, ErrorCode.ProtocolError), "malformed response");
    assertRefusal(await bridgeFailure(failure.answer, ErrorCode.ProtocolError), "malformed response");
    other.at.respond({ status: 200 });
    assert.equal((await other.answer).status, 200);
  });

  it("ignores answers it cannot place: another version's, a malformed one naming no call, or one for no call", WAITS, async (t) => {
    const connected = await connect(t);
    const { answer, at } = await call(connected, "waiting");
    const valid = { ...addressed("response", "waiting"), status: 500, statusText: "", headers: [], url: "", redirected: false, body: null, chunked: false };
    connected.relay.send({ ...valid, v: 9 });
    connected.relay.send({ ...valid, id: "", status: 1000 });
    connected.relay.send({ ...valid, id: "nobody" });
    connected.relay.send({ ...addressed("chunk", "waiting"), data: "not bytes" });
    connected.relay.send("not a message");
    // After them on the same port: the connection has read them all when this comes.
    at.respond({ status: 200 });

    assert.equal((await answer).status, 200);
    assert.equal(connected.connection.isAlive(), true);
  });

  it("aborted before its response, sends abort, which the relay hears, and drops the late response", WAITS, async (t) => {
    const connected = await connect(t);
    const { at } = await call(connected, "aborted");
    connected.connection.abort("aborted");
    await at.aborted;

    at.respond({ status: 200 });
    const { answer, at: next } = await call(connected, "next");
    next.respond({ status: 202 });
    assert.equal((await answer).status, 202);
  });

  it("is never sent when its signal aborts while the handshake is under way", WAITS, async (t) => {
    const { connection, transport } = open(t, { transport: { answer: "silent" } });
    const window = await transport.nextWindow();
    const controller = new AbortController();
    const aborted = connection.send(request(), "never-sent", [], controller.signal);
    controller.abort(new DOMException("The operation was aborted.", "AbortError"));
    await window.nextHello();
    const { relay, clientPort } = relaySession();
    t.after(() => relay.close());
    window.post(envelope("ready"), [clientPort]);

    await assert.rejects(aborted, { name: "AbortError" });
    const sent = connection.send(request(), "sent", [], new AbortController().signal);
    assert.equal((await relay.nextCall()).request.id, "sent", "the aborted call never reached the relay");
    sent.catch(() => undefined);
  });

  it("is never sent over a ready relay when its signal aborts in the caller's own turn", WAITS, async (t) => {
    const connected = await connect(t);
    const controller = new AbortController();
    const aborted = connected.connection.send(request(), "same-turn", [], controller.signal);
    controller.abort(new DOMException("The operation was aborted.", "AbortError"));
    connected.connection.abort("same-turn");

    await assert.rejects(aborted, { name: "AbortError" });
    const { answer, at } = await call(connected, "next");
    at.respond({ status: 202 });
    assert.equal((await answer).status, 202, "the next call is the first the relay heard of");
  });
});

describe("a call made before the relay's ready", () => {
  /** A connection over a frame-like transport whose window the test loads, and that window. */
  async function beforeReady(t: TestContext, transport: FakeTransportOptions = {}): Promise<Opened & { readonly window: RelayWindow }> {
    const opened = open(t, { transport: { early: true, loads: false, ...transport } });
    return { ...opened, window: await opened.transport.nextWindow() };
  }

  it("goes to the relay's window right behind the hello, at this build's version, its body copied; the answer comes over the port", WAITS, async (t) => {
    const { connection, window } = await beforeReady(t);
    window.load();
    await window.nextHello();
    const body = new TextEncoder().encode("{}").buffer;
    const answer = connection.send(request({ method: "POST", body }), "early", [body], null);

    const posted = await window.earlyPosts.next();
    assert.equal(posted.type, "request");
    assert.equal(posted.v, PROTOCOL_VERSION);
    assert.equal(body.byteLength, 2, "the page's buffer is copied, not transferred: it may have to go again");
    const relay = await window.relay;
    const at = await relay.nextCall();
    assert.equal(at.request.id, "early");
    at.respond({ status: 201 });
    assert.equal((await answer).status, 201);
    assert.equal(relay.ignored, 0);
  });

  it("waits for the ready before the window has its hello, and goes over the port", WAITS, async (t) => {
    const { connection, window } = await beforeReady(t);
    const answer = connection.send(request(), "waits", [], null);
    window.load();
    const relay = await window.relay;
    (await relay.nextCall()).respond({ status: 204 });

    assert.equal((await answer).status, 204);
    assert.equal(window.earlyPosts.total, 0);
  });

  it("goes again over the port, at the relay's version, when the relay chose an older one and so ignored it", WAITS, async (t) => {
    const { connection, window } = await beforeReady(t, { relayVersions: [1, 2, 3, 4] });
    window.load();
    await window.nextHello();
    const answer = connection.send(request(), "again", [], null);
    const relay = await window.relay;
    const at = await relay.nextCall();
    at.respond({ status: 200 });

    assert.equal(at.request.v, 4);
    assert.equal((await answer).status, 200);
    assert.equal(relay.ignored, 1, "the early copy, at version 5, was ignored");
  });

  it("when aborted before the ready, is aborted at the relay's window too, and never goes again", WAITS, async (t) => {
    for (const relayVersions of [SUPPORTED_VERSIONS, [1, 2, 3, 4]]) {
      const current = relayVersions === SUPPORTED_VERSIONS;
      const { connection, window } = await beforeReady(t, { relayVersions });
      window.load();
      await window.nextHello();
      const controller = new AbortController();
      const aborted = connection.send(request(), "aborted", [], controller.signal);
      aborted.catch(() => undefined);
      await window.earlyPosts.next();
      connection.abort("aborted");

      assert.deepEqual(await window.earlyPosts.next(), addressed("abort", "aborted", PROTOCOL_VERSION));
      const relay = await window.relay;
      await connection.ready();
      const next = connection.send(request(), "next", [], null);
      next.catch(() => undefined);
      const first = await relay.nextCall();
      // The relay that took the early copy hears its abort; the one that ignored it never gets it at all.
      if (current) await first.aborted;
      const calls = [first.request.id];
      if (current) calls.push((await relay.nextCall()).request.id);
      assert.deepEqual(calls, current ? ["aborted", "next"] : ["next"], "no second copy");
    }
  });

  it("is never sent, nor its abort, when its signal aborts in the caller's own turn", WAITS, async (t) => {
    const { connection, window } = await beforeReady(t);
    window.load();
    await window.nextHello();
    const controller = new AbortController();
    const aborted = connection.send(request(), "same-turn", [], controller.signal);
    controller.abort(new DOMException("The operation was aborted.", "AbortError"));
    connection.abort("same-turn");

    await assert.rejects(aborted, { name: "AbortError" });
    const answer = connection.send(request(), "next", [], null);
    assert.deepEqual(await window.earlyPosts.next(), { ...addressed("request", "next", PROTOCOL_VERSION), ...request() }, "the first posted");
    const at = await (await window.relay).nextCall();
    assert.equal(at.request.id, "next");
    at.respond({ status: 202 });
    assert.equal((await answer).status, 202);
  });

  it("fails with the transport's loss when the window goes away in the caller's turn, and is never posted", WAITS, async (t) => {
    const { connection, window } = await beforeReady(t, { answer: "silent" });
    window.load();
    await window.nextHello();
    const lost = connection.send(request(), "gone", [], null);
    // As the frame transport's observer of the frame's removal says it, a microtask after the removal.
    window.lose("the relay frame was removed from the page");

    assertNetworkFailure(await bridgeFailure(lost, ErrorCode.RelayLost), "the relay frame was removed from the page");
    assert.equal(window.earlyPosts.total, 0);
  });

  it("fails with relay-lost, and never goes again, when the window loads another document before the ready", WAITS, async (t) => {
    const { connection, window, died } = await beforeReady(t, { answer: "silent" });
    window.load();
    await window.nextHello();
    const lost = connection.send(request(), "lost", [], null);
    await window.earlyPosts.next();
    window.load();

    assertNetworkFailure(await bridgeFailure(lost, ErrorCode.RelayLost), "the relay frame loaded another document before it answered");
    assert.equal(died(), true);
    assert.equal(window.greetings, 1, "the new document is not greeted");
    assert.equal(window.earlyPosts.total, 1);
  });
});

describe("a response body", () => {
  for (const transferStreams of [true, false]) {
    const how = transferStreams ? "transferred" : "chunked";

    it(`${how}, cancelled by the caller, says cancel to the relay`, WAITS, async (t) => {
      const connected = await connect(t, { settings: { transferStreams } });
      const { answer, at } = await call(connected, "cancelled");
      // A body still open: one the relay has sent to its end (on credit, say) has no fetch left to cancel.
      at.respond({}, silentBody());
      const responseBody = connected.connection.body(await answer, new AbortController().signal);
      assert.ok(responseBody !== null);
      await responseBody.stream.cancel(new Error("not needed"));

      await at.cancelled;
    });

    it(`${how}, errors with the signal's reason when the caller aborts a read, and says cancel`, WAITS, async (t) => {
      const connected = await connect(t, { settings: { transferStreams } });
      const { answer, at } = await call(connected, "read-aborted");
      at.respond({}, silentBody());
      const controller = new AbortController();
      const responseBody = connected.connection.body(await answer, controller.signal);
      assert.ok(responseBody !== null);
      const read = responseBody.stream.getReader().read();
      const reason = new DOMException("The user aborted a request.", "AbortError");
      controller.abort(reason);

      await assert.rejects(read, (error) => error === reason);
      assert.equal(responseBody.failure?.error, reason);
      await at.cancelled;
    });
  }
});

describe("a response body inline", () => {
  it("is read from the message, and needs the relay no more: its death does not touch it", WAITS, async (t) => {
    const connected = await connect(t);
    const { answer, at } = await call(connected, "inline");
    at.respondWhole({ headers: [["content-type", "text/plain"]] }, new TextEncoder().encode("whole").buffer as ArrayBuffer);
    const message = await answer;
    assert.ok(message.body instanceof ArrayBuffer);
    const responseBody = connected.connection.body(message, new AbortController().signal);
    assert.ok(responseBody !== null);
    connected.relay.closing();

    assert.equal(await new Response(responseBody.stream).text(), "whole");
    assert.equal(responseBody.failure, null);
  });

  it("is given as the bytes that came when no signal can abort the call: nothing is left to guard", WAITS, async (t) => {
    const connected = await connect(t);
    const { answer, at } = await call(connected, "inline-plain");
    const bytes = new TextEncoder().encode("plain").buffer as ArrayBuffer;
    at.respondWhole({}, bytes);
    const responseBody = connected.connection.body(await answer, null);

    assert.ok(responseBody instanceof ArrayBuffer);
    assert.equal(new TextDecoder().decode(responseBody), "plain");
  });

  it("errors with the signal's reason when the caller aborts before reading it, as fetch's body does", WAITS, async (t) => {
    const connected = await connect(t);
    const { answer, at } = await call(connected, "inline-aborted");
    at.respondWhole({}, new TextEncoder().encode("never read").buffer as ArrayBuffer);
    const controller = new AbortController();
    const responseBody = connected.connection.body(await answer, controller.signal);
    assert.ok(responseBody !== null);
    const reason = new DOMException("The user aborted a request.", "AbortError");
    controller.abort(reason);

    await assert.rejects(responseBody.stream.getReader().read(), (error) => error === reason);
    assert.equal(responseBody.failure?.error, reason);
  });
});

describe("the relay's death", () => {
  /** A connection with a call waiting for its answer and a body whose read waits on the relay. */
  async function busy(t: TestContext, transferStreams: boolean): Promise<Connected & { pending: Promise<ResponseMessage>; read: Promise<unknown> }> {
    const connected = await connect(t, { settings: { transferStreams } });
    const { answer: pending } = await call(connected, "pending");
    const reading = await call(connected, "reading");
    reading.at.respond({}, silentBody());
    const responseBody = connected.connection.body(await reading.answer, new AbortController().signal);
    assert.ok(responseBody !== null);
    const read = responseBody.stream.getReader().read();
    read.catch(() => undefined);
    return { ...connected, pending, read };
  }

  for (const transferStreams of [true, false]) {
    const bodies = transferStreams ? "a transferred body" : "a chunked body";

    it(`"closing" from the relay rejects pending calls and errors ${bodies} with relay-lost`, WAITS, async (t) => {
      const { connection, relay, window, died, pending, read } = await busy(t, transferStreams);
      relay.closing();

      const detail = "the relay document is going away";
      assertNetworkFailure(await bridgeFailure(pending, ErrorCode.RelayLost), detail);
      assertNetworkFailure(await bridgeFailure(read, ErrorCode.RelayLost), detail);
      assert.equal(died(), true);
      assert.equal(window.closed, true);
      assert.equal(connection.isAlive(), false);
      assertNetworkFailure(await bridgeFailure(connection.send(request(), "after", [], new AbortController().signal), ErrorCode.RelayLost), detail);
    });

    it(`the transport's loss rejects pending calls and errors ${bodies} with relay-lost`, WAITS, async (t) => {
      const { window, died, pending, read } = await busy(t, transferStreams);
      window.lose("the relay frame loaded another document");

      const detail = "the relay frame loaded another document";
      assertNetworkFailure(await bridgeFailure(pending, ErrorCode.RelayLost), detail);
      assertNetworkFailure(await bridgeFailure(read, ErrorCode.RelayLost), detail);
      assert.equal(died(), true);
    });
  }

  it("a window gone unnoticed is found when the connection is next asked whether it is alive", WAITS, async (t) => {
    const { connection, window, died } = await connect(t);
    window.vanish();

    assert.equal(connection.isAlive(), false);
    assert.equal(died(), true);
    assertNetworkFailure(await bridgeFailure(connection.ready(), ErrorCode.RelayLost), "the relay window went away");
  });

  it("close() rejects pending calls and errors bodies with relay-closed, and closes the transport", WAITS, async (t) => {
    const { connection, window, died, pending, read } = await busy(t, true);
    connection.close();

    assert.equal(died(), true);
    assert.equal(window.closed, true);
    assertRefusal(await bridgeFailure(pending, ErrorCode.RelayClosed));
    assertRefusal(await bridgeFailure(read, ErrorCode.RelayClosed));
    assertRefusal(await bridgeFailure(connection.ready(), ErrorCode.RelayClosed));
    connection.close();
    assert.equal(died(), true, "closing twice is harmless");
  });

  it("close() during the handshake fails it with relay-closed", WAITS, async (t) => {
    const { connection, transport } = open(t, { transport: { answer: "silent" } });
    const window = await transport.nextWindow();
    connection.close();

    assertRefusal(await bridgeFailure(connection.ready(), ErrorCode.RelayClosed));
    assert.equal(window.closed, true);
  });
});

describe("liveness", () => {
  /** Mock timers, and performance.now on the same clock: liveness skips checks that come under 500 ms apart. */
  function mockClock(t: TestContext): (ms: number) => void {
    t.mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
    let now = 0;
    t.mock.method(performance, "now", () => now);
    return (ms) => {
      now += ms;
      t.mock.timers.tick(ms);
    };
  }

  /** A connection on the mock clock whose relay has hung: it answers no ping. */
  async function hungRelay(t: TestContext, options: OpenOptions = {}): Promise<Connected & { readonly advance: (ms: number) => void }> {
    const advance = mockClock(t);
    const connected = await connect(t, options);
    connected.relay.answerPings = false;
    return { ...connected, advance };
  }

  it("loses a relay that leaves livenessTimeout of checks unanswered while a call waits", WAITS, async (t) => {
    const { advance, ...connected } = await hungRelay(t);
    const { answer } = await call(connected, "waiting");

    for (let check = 1; check <= SETTINGS.livenessTimeout / 1_000; check++) {
      advance(1_000);
      assert.equal(connected.died(), false, `alive after check ${check}`);
    }
    await relayCaughtUp(connected);
    assert.equal(connected.relay.pings, 5, "one ping per check");
    advance(1_000);
    assert.equal(connected.died(), true);
    const error = await bridgeFailure(answer, ErrorCode.RelayLost);
    assertNetworkFailure(error, "the relay has not answered for 5 liveness checks in a row, 1000 ms apart");
  });

  it("keeps a relay that answers its pings, however long the call takes", WAITS, async (t) => {
    const advance = mockClock(t);
    const connected = await connect(t);
    const { answer, at } = await call(connected, "slow");

    for (let check = 1; check <= 20; check++) {
      advance(1_000);
      const { data } = await connected.window.heard.next();
      assert.deepEqual(data, addressed("pong", `ping-${check}`));
    }
    assert.equal(connected.died(), false);
    at.respond({ status: 200 });
    assert.equal((await answer).status, 200);
  });

  it("counts a burst of checks after a stall as one, so a stalled page does not lose its relay", WAITS, async (t) => {
    const { advance, ...connected } = await hungRelay(t);
    await call(connected, "stalled");

    advance(SETTINGS.livenessTimeout * 2);
    assert.equal(connected.died(), false);
    await relayCaughtUp(connected);
    assert.equal(connected.relay.pings, 1);
  });

  it("watches a body whose read waits on the relay, as it does a call", WAITS, async (t) => {
    const { advance, ...connected } = await hungRelay(t, { settings: { transferStreams: false } });
    const { answer, at } = await call(connected, "reading");
    at.respond({}, silentBody());
    const responseBody = connected.connection.body(await answer, new AbortController().signal);
    assert.ok(responseBody !== null);
    const read = responseBody.stream.getReader().read();
    read.catch(() => undefined);
    await relayCaughtUp(connected);
    assert.equal(at.pulls, 0, "the read waits on the relay's credited chunks");

    for (let check = 0; check <= SETTINGS.livenessTimeout / 1_000; check++) advance(1_000);
    assert.equal(connected.died(), true);
    await bridgeFailure(read, ErrorCode.RelayLost);
  });

  it("keeps its timer through calls one after another, and stops it by the next check once idle", WAITS, async (t) => {
    const advance = mockClock(t);
    const connected = await connect(t);
    const intervals = t.mock.method(globalThis, "setInterval");
    for (const id of ["first", "second", "third"]) {
      const { answer, at } = await call(connected, id);
      at.respond({ status: 200 });
      await answer;
    }
    assert.equal(intervals.mock.callCount(), 1, "one timer for the three calls");

    advance(1_000);
    await relayCaughtUp(connected);
    assert.equal(connected.relay.pings, 0, "the check that finds the relay idle pings nothing");
    const { answer, at } = await call(connected, "later");
    assert.equal(intervals.mock.callCount(), 2, "a busy spell after the timer stopped starts another");
    at.respond({ status: 200 });
    await answer;
  });

  it("does not check an idle relay", WAITS, async (t) => {
    const { advance, ...connected } = await hungRelay(t);

    advance(SETTINGS.livenessTimeout * 10);
    assert.equal(connected.died(), false);
    await relayCaughtUp(connected);
    assert.equal(connected.relay.pings, 0);
  });

  it("finds a window gone unnoticed at its next check", WAITS, async (t) => {
    const advance = mockClock(t);
    const connected = await connect(t);
    const { answer } = await call(connected, "waiting");
    connected.window.vanish();

    advance(1_000);
    assert.equal(connected.died(), true);
    assertNetworkFailure(await bridgeFailure(answer, ErrorCode.RelayLost), "the relay window went away");
  });
});
