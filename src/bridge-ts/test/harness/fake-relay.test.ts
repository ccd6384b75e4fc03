// The fake relay is held to the real one: the same request and the same service answer, through relay/serve and
// through the fake, must give the client the same messages. Then what only the fake does: go silent, say closing,
// hear aborts and cancels, and answer a hello.

import { describe, it, type TestContext } from "node:test";
import assert from "node:assert/strict";

import { CHUNK_WINDOW, ErrorCode, HELLO_VERSION, PROTOCOL_VERSION, addressed, envelope, type HeaderList } from "../../src/protocol/messages.js";
import { readRelayMessage } from "../../src/protocol/validate.js";
import { peek } from "../../src/relay/inline-body.js";
import { requestMessage, sitePolicy } from "../relay/fixtures.js";
import { startSession, withRelayLocation } from "../relay/session.js";
import { ClientEnd } from "./client-end.js";
import { ControlledBody, fetchedResponse, text } from "./fake-fetch.js";
import { answerHello, relaySession, type FakeRelay } from "./fake-relay.js";
import { WAITS } from "./queue.js";

/** What the service answers to a request, the same for both relays. */
type ServiceAnswer =
  | { readonly status: number; readonly headers: HeaderList; readonly chunks: readonly string[] | null; readonly trickle?: boolean }
  | { readonly networkError: string };

/** A relay with the client's end of its session, and the way to have the service answer its next request. */
interface Relay {
  readonly client: ClientEnd;
  answerNext(answer: ServiceAnswer): Promise<void>;
}

function realRelay(t: TestContext, transferStreams: boolean): Relay {
  const session = startSession(t, { transferStreams, policy: sitePolicy({ exposedHeaders: null }) });
  return {
    client: session.client,
    async answerNext(answer) {
      const call = await session.service.nextCall();
      if ("networkError" in answer) {
        call.fail(new TypeError(answer.networkError));
        return;
      }
      const body = answer.chunks === null ? null : new ControlledBody(answer.chunks, undefined, answer).stream;
      call.respond(fetchedResponse(body, { status: answer.status, headers: answer.headers as Array<[string, string]>, url: call.url.href }));
    },
  };
}

function fakeRelay(t: TestContext, transferStreams: boolean): Relay & { readonly relay: FakeRelay } {
  const { relay, clientPort } = relaySession({ transferStreams });
  const client = new ClientEnd(clientPort);
  t.after(() => {
    relay.close();
    client.close();
  });
  return {
    relay,
    client,
    async answerNext(answer) {
      const call = await relay.nextCall();
      if ("networkError" in answer) {
        call.failNetwork(answer.networkError);
        return;
      }
      const body = answer.chunks === null ? null : new ControlledBody(answer.chunks, undefined, answer).stream;
      const head = { status: answer.status, headers: answer.headers, url: call.request.url };
      // The fake decides as the relay does whether a body goes inline: by the relay's own peek.
      const peeked = body === null ? null : await peek(body, null);
      if (peeked !== null && "whole" in peeked) call.respondWhole(head, peeked.whole);
      else call.respond(head, peeked?.rest ?? null);
    },
  };
}

/** One request as bridge.js makes it, its body read to the end as bridge.js reads it; what the client saw. */
async function converse(relay: Relay, answer: ServiceAnswer): Promise<string[]> {
  const { client } = relay;
  const seen: string[] = [];
  client.request(requestMessage({ id: "call" }));
  await relay.answerNext(answer);
  const message = await client.answer();
  if (message.type === "failure") {
    seen.push(`failure ${message.code}: ${message.message}`);
  } else {
    seen.push(`response ${message.status} ${JSON.stringify(message.headers)} ${message.url} chunked: ${message.chunked}`);
    if (message.body instanceof ArrayBuffer) seen.push(`inline: ${text(message.body)}`);
    else if (message.body !== null) seen.push(`streamed: ${await new Response(message.body).text()}`);
    while (message.chunked) {
      client.pull("call");
      const chunk = await client.chunkOrEnd();
      if (chunk === null) break;
      seen.push(`chunk: ${text(chunk.data)}`);
    }
  }
  seen.push(`then: ${JSON.stringify(await client.settle())}`);
  return seen;
}

withRelayLocation();

describe("the fake relay answers as the real relay does", () => {
  const answers: ReadonlyArray<readonly [string, ServiceAnswer]> = [
    ["a body in two chunks", { status: 200, headers: [["content-type", "text/plain"]], chunks: ["hello, ", "world"] }],
    ["a body that trickles", { status: 200, headers: [], chunks: ["slowly, ", "slowly"], trickle: true }],
    ["an empty body", { status: 200, headers: [], chunks: [] }],
    ["no body", { status: 204, headers: [["etag", '"1"']], chunks: null }],
    ["a network error", { networkError: "Failed to fetch" }],
  ];
  for (const [name, answer] of answers) {
    for (const transferStreams of [true, false]) {
      it(`${name}, ${transferStreams ? "its body transferred" : "its body in chunks"}`, WAITS, async (t) => {
        const real = await converse(realRelay(t, transferStreams), answer);
        const fake = await converse(fakeRelay(t, transferStreams), answer);

        assert.deepEqual(fake, real);
      });
    }
  }
});

describe("the fake relay, scripted", () => {
  it("sends a window of chunks on credit, then one chunk per pull", WAITS, async (t) => {
    const { relay, client } = fakeRelay(t, false);
    client.request(requestMessage());
    const call = await relay.nextCall();
    const chunks = Array.from({ length: CHUNK_WINDOW + 2 }, (_, i) => String(i));
    const source = new ControlledBody(chunks);
    call.respond({}, source.stream);
    assert.equal((await client.response()).chunked, true);

    for (let i = 0; i < CHUNK_WINDOW; i++) assert.equal(text((await client.chunk()).data), String(i));
    assert.deepEqual(await client.settle(), []);
    assert.equal(source.pulls, CHUNK_WINDOW);
    client.pull("id-1");
    assert.equal(text((await client.chunk()).data), String(CHUNK_WINDOW));
    assert.deepEqual(await client.settle(), []);
    assert.equal(call.pulls, 1);
    assert.equal(source.pulls, CHUNK_WINDOW + 1);
  });

  it("hears an abort before the response, and a cancel of a chunked body, which it passes to the body", WAITS, async (t) => {
    const { relay, client } = fakeRelay(t, false);
    client.request(requestMessage({ id: "aborted" }));
    client.abort("aborted");
    await (await relay.nextCall()).aborted;

    client.request(requestMessage({ id: "cancelled" }));
    const call = await relay.nextCall();
    const source = new ControlledBody(Array.from({ length: CHUNK_WINDOW + 2 }, (_, i) => String(i)));
    call.respond({}, source.stream);
    await client.response();
    for (let i = 0; i < CHUNK_WINDOW; i++) await client.chunk();
    client.cancel("cancelled");
    await call.cancelled;
    await source.whenCancelled();
    client.pull("cancelled");
    assert.deepEqual(await client.settle(), [], "no chunk after the cancel");
  });

  it("hears a cancel of a transferred body too, which bridge.js also says in words", WAITS, async (t) => {
    const { relay, client } = fakeRelay(t, true);
    client.request(requestMessage({ id: "streamed" }));
    const call = await relay.nextCall();
    call.respond({}, new ControlledBody(["a"]).stream);
    await client.response();
    client.cancel("streamed");

    await call.cancelled;
  });

  it("goes silent to pings when told, as a relay that has hung", WAITS, async (t) => {
    const { relay, client } = fakeRelay(t, true);
    relay.answerPings = false;
    client.ping("unanswered");
    client.request(requestMessage());
    await relay.nextCall();

    assert.equal(relay.pings, 1);
    relay.answerPings = true;
    assert.deepEqual(await client.settle(), [], "no pong for the ping it ignored");
  });

  it("says closing, as a relay whose document goes away", WAITS, async (t) => {
    const { relay, client } = fakeRelay(t, true);
    relay.closing();

    await client.closing();
  });

  it("counts the messages the real relay ignores, and answers them with nothing", WAITS, async (t) => {
    const { relay, client } = fakeRelay(t, true);
    client.send("not a message");
    client.send({ ...requestMessage(), v: 9 });
    client.send({ ...addressed("ping", "id-1"), type: "teapot" });
    client.request(requestMessage({ id: "twice" }));
    client.request(requestMessage({ id: "twice" }));

    assert.deepEqual(await client.settle(), []);
    assert.equal(relay.ignored, 4);
  });

  it("sends whatever the test gives it, a malformed answer too", WAITS, async (t) => {
    const { relay, client } = fakeRelay(t, true);
    relay.send({ ...addressed("response", "id-1"), status: 1000 });

    assert.deepEqual(await client.next(), { type: "malformed", v: PROTOCOL_VERSION, claimed: "response", id: "id-1" });
  });
});

describe("answerHello", () => {
  it("answers a hello with ready for the highest shared version, and a session whose port goes to the client", WAITS, async (t) => {
    const answer = answerHello({ ...envelope("hello"), v: HELLO_VERSION, versions: [3, 7], streams: false });
    assert.ok(answer?.kind === "ready");
    const client = new ClientEnd(answer.clientPort, answer.message.v);
    t.after(() => {
      answer.relay.close();
      client.close();
    });

    assert.equal(readRelayMessage(answer.message)?.type, "ready");
    assert.equal(answer.message.v, 3);
    assert.equal(answer.relay.transferStreams, false);
    client.ping("over the session");
    assert.equal(await client.pong(), "over the session");
  });

  it("refuses a hello that shares no version, and ignores what is no hello", () => {
    const refused = answerHello({ ...envelope("hello"), versions: [9], streams: true });
    assert.ok(refused?.kind === "refused");
    assert.equal(refused.message.code, ErrorCode.VersionMismatch);

    assert.equal(answerHello({ ...envelope("hello") }), null);
    assert.equal(answerHello(envelope("ready")), null);
    assert.equal(answerHello("hello"), null);
  });
});
