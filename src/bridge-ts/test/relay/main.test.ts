// Unit tests for relay/main, the relay page's script: its handshake with the framing page, the session it opens, and
// its end. Each test loads the script anew into a fake relay frame (window, document, location and fetch as globals),
// framed by a fake page window; the test speaks for the page, choosing each message's origin and source.

import { describe, it, type TestContext } from "node:test";
import assert from "node:assert/strict";

import {
  ErrorCode,
  HELLO_VERSION,
  PROTOCOL_VERSION,
  SUPPORTED_VERSIONS,
  addressed,
  envelope,
  type HelloMessage,
  type RefusedMessage,
} from "../../src/protocol/messages.js";
import { readRelayMessage } from "../../src/protocol/validate.js";
import { stats, type RelayStats } from "../../src/relay/stats.js";
import { ClientEnd } from "../harness/client-end.js";
import { relayDocument } from "../harness/fake-document.js";
import { FetchStub, fetchedResponse } from "../harness/fake-fetch.js";
import { FakeWindow, replaceGlobals, type Posted } from "../harness/fake-window.js";
import { WAITS } from "../harness/queue.js";
import { ORIGIN_HEADER, PAGE_ORIGIN, SERVICE_ORIGIN, requestMessage, servingBlock } from "./fixtures.js";
import { RELAY_PAGE, counters } from "./session.js";

interface RelayFrame {
  /** The framing page: what the relay posts to it is kept there. */
  readonly page: FakeWindow;
  readonly frame: FakeWindow;
  readonly bodyText: () => string;
  readonly service: FetchStub;
}

interface FrameOptions {
  /** The data block's text; null for a page without one. */
  readonly config?: string | null;
  readonly framed?: boolean;
  /** Not framed but opened as a popup by the page (on `openerOrigin`, PAGE_ORIGIN by default). */
  readonly popup?: { readonly openerOrigin?: string };
  readonly url?: string;
}

let instances = 0;

/** Loads the relay script into a new frame of a page on PAGE_ORIGIN. */
async function openRelayFrame(t: TestContext, options: FrameOptions = {}): Promise<RelayFrame> {
  const page = new FakeWindow(`${options.popup?.openerOrigin ?? PAGE_ORIGIN}/shop`);
  const url = options.url ?? `${RELAY_PAGE}?origin=${encodeURIComponent(PAGE_ORIGIN)}`;
  const frame =
    options.popup !== undefined
      ? new FakeWindow(url, undefined, page)
      : new FakeWindow(url, options.framed === false ? undefined : page);
  const document = relayDocument(options.config === undefined ? JSON.stringify(servingBlock()) : options.config);
  const service = new FetchStub();
  const restore = replaceGlobals({ window: frame, document: document.document, location: frame.location, fetch: service.fetch });
  t.after(() => {
    frame.dispatchEvent(new Event("pagehide"));
    page.closePorts();
    restore();
  });
  // A module runs once per URL: a new query loads a new instance of the script (its imports are shared).
  await import(`../../src/relay/main.js?frame=${++instances}`);
  return { page, frame, bodyText: () => document.bodyText, service };
}

const hello = (overrides: Partial<HelloMessage> = {}): HelloMessage => ({
  ...envelope("hello"),
  v: HELLO_VERSION,
  versions: SUPPORTED_VERSIONS,
  streams: true,
  ...overrides,
});

/** The parent says hello, as bridge.js does once the frame has loaded. */
function sayHello(relay: RelayFrame, message: unknown = hello()): void {
  relay.frame.receive(message, { origin: PAGE_ORIGIN, source: relay.page });
}

/** The page's end of the session the relay opened with its "ready". */
async function ready(relay: RelayFrame): Promise<ClientEnd> {
  const posted = await relay.page.nextPost();
  const message = readRelayMessage(posted.data);
  assert.equal(message?.type, "ready");
  assert.equal(message.v, PROTOCOL_VERSION);
  assert.equal(posted.targetOrigin, PAGE_ORIGIN);
  const [port] = posted.ports;
  assert.ok(port !== undefined, "ready transfers the session's port");
  return new ClientEnd(port);
}

function refusal(posted: Posted): RefusedMessage {
  const refused = readRelayMessage(posted.data);
  assert.ok(refused?.type === "refused", "a refusal bridge.js can read");
  assert.equal(posted.ports.length, 0, "no port comes with a refusal");
  return refused;
}

describe("relay page: the handshake", () => {
  it("answers its parent's hello with ready and the session's port, posted to the parent's origin only", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay);
    const client = await ready(relay);

    client.ping("first");
    assert.equal(await client.pong(), "first");
    assert.deepEqual(relay.page.takePosts(), [], "one answer to one hello");
  });

  it("serves the session with the data block's policy, naming the parent's origin to the service", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay);
    const client = await ready(relay);

    client.request(requestMessage({ id: "allowed", url: `${SERVICE_ORIGIN}/health` }));
    const call = await relay.service.nextCall();
    assert.equal(call.headers.get(ORIGIN_HEADER), PAGE_ORIGIN);
    call.respond(fetchedResponse("ok", { headers: { ETag: '"1"', "X-Total-Count": "3", "X-Secret": "s" } }));
    assert.deepEqual((await client.response()).headers, [
      ["etag", '"1"'],
      ["x-total-count", "3"],
    ]);

    client.request(requestMessage({ id: "refused", url: `${SERVICE_ORIGIN}/admin` }));
    assert.equal((await client.failure()).code, ErrorCode.PathNotAllowed);
    assert.equal(relay.service.callCount, 1);
  });

  it("publishes its counters on window.bridgeRelayStats", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    const published = Reflect.get(relay.frame, "bridgeRelayStats") as RelayStats;
    const before = published.ignoredMessages;
    sayHello(relay, "not a message");

    assert.equal(published.ignoredMessages, before + 1);
    assert.deepEqual({ ...published }, { ...stats });
    assert.equal(Reflect.set(published, "ignoredMessages", 0), false, "read-only");
  });

  it("refuses a parent on another origin than the one it serves, posting only to that origin", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    const counted = counters();
    relay.frame.receive(hello(), { origin: "https://evil.example", source: relay.page });
    const posted = await relay.page.nextPost();
    const refused = refusal(posted);

    assert.equal(posted.targetOrigin, "https://evil.example");
    assert.equal(refused.code, ErrorCode.OriginNotAllowed);
    assert.equal(refused.message, "https://evil.example is not the page origin this relay page serves");
    assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 0, relayedRequests: 0 });
  });

  it("refuses a hello that shares no version with version-mismatch, naming both sides' versions", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay, hello({ versions: [8, 9] }));
    const refused = refusal(await relay.page.nextPost());

    assert.equal(refused.code, ErrorCode.VersionMismatch);
    assert.equal(refused.message, "relay versions 1 to 5, bridge.js versions 8 to 9");
  });

  it("replaces the session on a second hello: the first port hears closing, the second serves", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay);
    const first = await ready(relay);
    sayHello(relay);
    const second = await ready(relay);

    await first.closing();
    second.ping("still here");
    assert.equal(await second.pong(), "still here");
  });

  const ignored: ReadonlyArray<{ readonly name: string; readonly data: unknown; readonly origin?: string; readonly stranger?: boolean }> = [
    { name: "a hello from a window other than its parent, even on the parent's origin", data: hello(), stranger: true },
    { name: 'a hello from an opaque origin ("null"), which it could answer only with "*"', data: hello(), origin: "null" },
    { name: "a message that is no protocol message", data: { hello: true } },
    { name: "a hello without streams", data: { ...envelope("hello"), versions: [1] } },
    { name: "a request before any hello: no session to take it", data: requestMessage() },
  ];
  for (const message of ignored) {
    it(`ignores ${message.name}, and counts it`, WAITS, async (t) => {
      const relay = await openRelayFrame(t);
      const counted = counters();
      const source = message.stranger === true ? new FakeWindow(`${PAGE_ORIGIN}/other-frame`, relay.page) : relay.page;
      relay.frame.receive(message.data, { origin: message.origin ?? PAGE_ORIGIN, source });

      assert.deepEqual(relay.page.takePosts(), [], "nothing posted");
      assert.deepEqual(counted(), { ignoredMessages: 1, refusedRequests: 0, relayedRequests: 0 });
      sayHello(relay);
      await ready(relay);
    });
  }
});

describe("relay page: calls posted to its window beside a port (made during the handshake)", () => {
  it("takes its parent's calls posted to its window after the hello into the session: the answer comes over the port", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay);
    const counted = counters();
    relay.frame.receive(requestMessage({ id: "early", url: `${SERVICE_ORIGIN}/health` }), { origin: PAGE_ORIGIN, source: relay.page });
    const client = await ready(relay);

    const call = await relay.service.nextCall();
    assert.equal(call.headers.get(ORIGIN_HEADER), PAGE_ORIGIN);
    call.respond(fetchedResponse("ok"));
    const response = await client.response();
    assert.equal(response.id, "early");
    relay.frame.receive(addressed("ping", "after", PROTOCOL_VERSION), { origin: PAGE_ORIGIN, source: relay.page });
    assert.equal(await client.pong(), "after", "what the window brings goes to the same session");
    assert.deepEqual(relay.page.takePosts(), [], "the answers go over the port, not to the window");
    assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 0, relayedRequests: 1 });
  });

  const strangers = [
    { name: "another window on the page's origin", origin: PAGE_ORIGIN, sibling: true, popup: false },
    { name: "its parent's window from another origin", origin: "https://evil.example", sibling: false, popup: false },
    { name: "its opener's window, in a popup (whose calls come over the port)", origin: PAGE_ORIGIN, sibling: false, popup: true },
  ];
  for (const stranger of strangers) {
    it(`takes no call from ${stranger.name}, and counts it`, WAITS, async (t) => {
      const relay = await openRelayFrame(t, stranger.popup ? { popup: {} } : {});
      sayHello(relay);
      const client = await ready(relay);
      const counted = counters();
      const source = stranger.sibling ? new FakeWindow(`${PAGE_ORIGIN}/other-frame`, relay.page) : relay.page;
      relay.frame.receive(requestMessage({ id: "stranger", url: `${SERVICE_ORIGIN}/health` }), { origin: stranger.origin, source });
      client.ping("after");

      assert.equal(await client.pong(), "after");
      assert.equal(relay.service.callCount, 0, "nothing reached the service");
      assert.deepEqual(counted(), { ignoredMessages: 1, refusedRequests: 0, relayedRequests: 0 });
    });
  }
});

describe("relay page: over the windows", () => {
  /** A message from the page's window itself, on the page's origin. */
  const fromPage = (relay: RelayFrame, message: unknown): void =>
    relay.frame.receive(message, { origin: PAGE_ORIGIN, source: relay.page });

  /** The relay's answer to a hello that offers the windows: ready, with no port, posted to the page's origin. */
  async function readyOverWindows(relay: RelayFrame): Promise<void> {
    const posted = await relay.page.nextPost();
    assert.deepEqual(readRelayMessage(posted.data), { ...envelope("ready"), window: true });
    assert.equal(posted.targetOrigin, PAGE_ORIGIN);
    assert.equal(posted.ports.length, 0);
  }

  it("answers a hello that offers the windows with ready and no port, and serves what its parent posts to it", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay, hello({ window: true }));
    await readyOverWindows(relay);
    const counted = counters();

    fromPage(relay, requestMessage({ id: "over-the-windows", url: `${SERVICE_ORIGIN}/health` }));
    (await relay.service.nextCall()).respond(fetchedResponse("ok"));
    const answer = await relay.page.nextPost();
    fromPage(relay, addressed("ping", "after", PROTOCOL_VERSION));
    const pong = await relay.page.nextPost();

    assert.equal(answer.targetOrigin, PAGE_ORIGIN);
    assert.deepEqual([readRelayMessage(answer.data)?.type, readRelayMessage(pong.data)?.type], ["response", "pong"]);
    assert.deepEqual(counted(), { ignoredMessages: 0, refusedRequests: 0, relayedRequests: 1 });
  });

  it("hears no other window, even one on the page's origin: it neither sends nor answers, and counts it ignored", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay, hello({ window: true }));
    await readyOverWindows(relay);
    const sibling = new FakeWindow(`${PAGE_ORIGIN}/other-frame`, relay.page);
    const counted = counters();

    relay.frame.receive(requestMessage({ id: "from-a-sibling" }), { origin: PAGE_ORIGIN, source: sibling });
    relay.frame.receive(addressed("ping", "from-a-sibling", PROTOCOL_VERSION), { origin: PAGE_ORIGIN, source: sibling });
    fromPage(relay, addressed("ping", "from-the-page", PROTOCOL_VERSION));

    assert.deepEqual(readRelayMessage((await relay.page.nextPost()).data), addressed("pong", "from-the-page", PROTOCOL_VERSION));
    assert.equal(relay.service.callCount, 0);
    assert.deepEqual(sibling.takePosts(), []);
    assert.deepEqual(counted(), { ignoredMessages: 2, refusedRequests: 0, relayedRequests: 0 });
  });

  it("leaves a hello during a session over the windows to the session, which ignores and counts it", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay, hello({ window: true }));
    await readyOverWindows(relay);
    const counted = counters();

    sayHello(relay, hello({ window: true }));
    fromPage(relay, addressed("ping", "same-session", PROTOCOL_VERSION));

    assert.deepEqual(readRelayMessage((await relay.page.nextPost()).data), addressed("pong", "same-session", PROTOCOL_VERSION));
    assert.deepEqual(relay.page.takePosts(), [], "no second ready");
    assert.deepEqual(counted(), { ignoredMessages: 1, refusedRequests: 0, relayedRequests: 0 });
  });

  it("ends the session over the windows on pagehide: the page hears closing, and nothing more is heard", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay, hello({ window: true }));
    await readyOverWindows(relay);

    relay.frame.dispatchEvent(new Event("pagehide"));
    assert.equal(readRelayMessage((await relay.page.nextPost()).data)?.type, "closing");
    fromPage(relay, requestMessage({ id: "after-the-end" }));

    assert.equal(relay.service.callCount, 0);
    assert.deepEqual(relay.page.takePosts(), []);
  });

  it("keeps a popup's session on a port, though the hello offers the windows", WAITS, async (t) => {
    const relay = await openRelayFrame(t, { popup: {} });
    sayHello(relay, hello({ window: true }));
    const client = await ready(relay);

    client.ping("over the port");
    assert.equal(await client.pong(), "over the port");
  });
});

describe("relay page: its end", () => {
  it("on pagehide tells the page at once: the port hears closing, and pending fetches are aborted", WAITS, async (t) => {
    const relay = await openRelayFrame(t);
    sayHello(relay);
    const client = await ready(relay);
    client.request(requestMessage());
    const call = await relay.service.nextCall();

    relay.frame.dispatchEvent(new Event("pagehide"));
    await client.closing();
    await call.aborted();
  });

  it("holds back a fetch's failure soon after beforeunload, and reports it once the document has stayed", WAITS, async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const relay = await openRelayFrame(t);
    sayHello(relay);
    const client = await ready(relay);
    relay.frame.dispatchEvent(new Event("beforeunload"));
    client.request(requestMessage());
    (await relay.service.nextCall()).fail(new TypeError("Failed to fetch"));

    assert.deepEqual(await client.settle(), [], "held while the document may be leaving");
    t.mock.timers.tick(3_000);
    assert.equal((await client.failure()).code, ErrorCode.NetworkError);
  });
});

describe("relay page: pages that serve nobody", () => {
  it("moves the forwarding page to the URL naming its parent's origin, once", WAITS, async (t) => {
    const relay = await openRelayFrame(t, { config: JSON.stringify({ forwarding: true }), url: RELAY_PAGE });
    sayHello(relay);
    sayHello(relay);

    assert.deepEqual(relay.frame.location.replaced, [`${RELAY_PAGE}?origin=${encodeURIComponent(PAGE_ORIGIN)}`]);
    assert.deepEqual(relay.page.takePosts(), [], "the forwarding page answers nothing");
  });

  it("does not move the forwarding page for a window other than its parent", WAITS, async (t) => {
    const relay = await openRelayFrame(t, { config: JSON.stringify({ forwarding: true }), url: RELAY_PAGE });
    relay.frame.receive(hello(), { origin: "https://evil.example", source: new FakeWindow("https://evil.example/") });

    assert.deepEqual(relay.frame.location.replaced, []);
  });

  for (const [name, options] of [
    ["opened directly, not in a frame", { framed: false }],
    ["served without a data block", { config: null }],
    ["served with a data block it cannot read", { config: "{ not json" }],
  ] as const) {
    it(`says what it is and serves nobody when ${name}`, WAITS, async (t) => {
      const relay = await openRelayFrame(t, options);
      relay.frame.receive(hello(), { origin: PAGE_ORIGIN, source: relay.frame.parent });

      assert.equal(relay.bodyText(), "This is a Bridge relay page. It works only inside a frame on an allowed site.");
      assert.deepEqual(relay.page.takePosts(), []);
      assert.deepEqual(relay.frame.takePosts(), []);
    });
  }
});

describe("relay page: in a popup", () => {
  it("serves its opener on exactly the origin it serves, replying to the opener at that origin, and says so to the user", WAITS, async (t) => {
    const relay = await openRelayFrame(t, { popup: {} });
    assert.equal(relay.bodyText(), `${SERVICE_ORIGIN} is answering ${PAGE_ORIGIN}; this window closes by itself.`);
    sayHello(relay);
    const client = await ready(relay);

    client.request(requestMessage({ id: "through-the-popup", url: `${SERVICE_ORIGIN}/health` }));
    const call = await relay.service.nextCall();
    assert.equal(call.headers.get(ORIGIN_HEADER), PAGE_ORIGIN);
  });

  it("ignores an opener on another origin, even one that navigated away from the served origin: no answer, no request", WAITS, async (t) => {
    const relay = await openRelayFrame(t, { popup: { openerOrigin: "https://evil.example" } });
    const counted = counters();
    relay.frame.receive(hello(), { origin: "https://evil.example", source: relay.page });

    assert.deepEqual(relay.page.takePosts(), []);
    assert.equal(relay.service.callCount, 0);
    assert.deepEqual(counted(), { ignoredMessages: 1, refusedRequests: 0, relayedRequests: 0 });
  });

  it("keeps its first session when its opener greets it again before hearing ready: the later hellos are ignored", WAITS, async (t) => {
    const relay = await openRelayFrame(t, { popup: {} });
    sayHello(relay);
    const client = await ready(relay);
    const counted = counters();
    sayHello(relay);

    assert.deepEqual(relay.page.takePosts(), [], "no second ready");
    assert.deepEqual(counted(), { ignoredMessages: 1, refusedRequests: 0, relayedRequests: 0 });
    client.ping("still the first session");
    assert.equal(await client.pong(), "still the first session");
  });

  it("ignores a hello from a window other than its opener, even on the served origin", WAITS, async (t) => {
    const relay = await openRelayFrame(t, { popup: {} });
    const stranger = new FakeWindow(`${PAGE_ORIGIN}/other-tab`);
    relay.frame.receive(hello(), { origin: PAGE_ORIGIN, source: stranger });

    assert.deepEqual(relay.page.takePosts(), []);
    assert.deepEqual(stranger.takePosts(), []);
  });

  it("serves nobody on the page of an origin no site allows, or on the forwarding page, whoever opened it", WAITS, async (t) => {
    for (const config of [null, JSON.stringify({ forwarding: true })]) {
      const relay = await openRelayFrame(t, { popup: {}, config });
      sayHello(relay);
      assert.match(relay.bodyText(), /works only inside a frame on an allowed site/);
      assert.deepEqual(relay.page.takePosts(), []);
      assert.equal(relay.service.callCount, 0);
    }
  });
});
