// Unit tests for small bodies sent inline (relay/inline-body, through relay/serve): a body that has ended when its
// headers come goes back whole in the response message, from protocol version 3 on; any other streams, nothing lost.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { ErrorCode } from "../../src/protocol/messages.js";
import { INLINE_DECLARED_WAIT_MS, INLINE_MAX_BYTES, INLINE_WAIT_MS, peek } from "../../src/relay/inline-body.js";
import { stats } from "../../src/relay/stats.js";
import { ControlledBody, fetchedResponse, text, trickling } from "../harness/fake-fetch.js";
import { WAITS } from "../harness/queue.js";
import { sitePolicy } from "./fixtures.js";
import { requested, startSession, withRelayLocation } from "./session.js";

withRelayLocation();

/** A policy that allows bodies larger than the inline limit. */
const roomy = sitePolicy({ maxResponseBodyBytes: 4 * INLINE_MAX_BYTES });

const streamText = (stream: ReadableStream<Uint8Array>): Promise<string> => new Response(stream).text();

describe("serve: small bodies inline", () => {
  it("sends a body that ends at once whole in the response message, and nothing after it", WAITS, async (t) => {
    for (const transferStreams of [true, false]) {
      const session = startSession(t, { transferStreams });
      const inlineBefore = stats.inlineBodies;
      const call = await requested(session);
      const source = new ControlledBody(["hello, ", "world"]);
      call.respond(fetchedResponse(source.stream, { headers: { "Content-Type": "text/plain" } }));
      const response = await session.client.response();

      assert.equal(response.chunked, false);
      assert.ok(response.body instanceof ArrayBuffer, "the body inline");
      assert.equal(text(response.body), "hello, world");
      assert.deepEqual(response.headers, [["content-type", "text/plain"]]);
      assert.equal(source.pulls, 3, "read to its end before the answer");
      assert.equal(stats.inlineBodies, inlineBefore + 1, "counted");
      session.client.pull("id-1");
      assert.deepEqual(await session.client.settle(), [], "the call is over: no chunk, no end");
    }
  });

  it("sends an empty body inline as an empty buffer", WAITS, async (t) => {
    const session = startSession(t);
    const call = await requested(session);
    call.respond(fetchedResponse(new ControlledBody([]).stream));
    const response = await session.client.response();

    assert.ok(response.body instanceof ArrayBuffer);
    assert.equal(response.body.byteLength, 0);
  });

  it("streams to a session of version 2, which has no inline bodies", WAITS, async (t) => {
    const session = startSession(t, { version: 2 });
    const call = await requested(session, { v: 2 });
    const source = new ControlledBody(["old"]);
    call.respond(fetchedResponse(source.stream));
    const response = await session.client.response();

    assert.ok(response.body instanceof ReadableStream);
    assert.equal(await streamText(response.body), "old");
  });

  it("streams a body that trickles, what was read of it in front", WAITS, async (t) => {
    const session = startSession(t);
    const call = await requested(session);
    call.respond(fetchedResponse(trickling(["first ", "second"]).stream));
    const response = await session.client.response();

    assert.ok(response.body instanceof ReadableStream);
    assert.equal(await streamText(response.body), "first second");
  });

  it("streams a body larger than the inline limit, from its first byte", WAITS, async (t) => {
    const session = startSession(t, { policy: roomy });
    const call = await requested(session);
    const half = "x".repeat(INLINE_MAX_BYTES / 2 + 1);
    call.respond(fetchedResponse(new ControlledBody([half, half, "end"]).stream));
    const response = await session.client.response();

    assert.ok(response.body instanceof ReadableStream);
    assert.equal(await streamText(response.body), half + half + "end");
  });

  it("streams a body whose declared length is over the inline limit, short as it may be", WAITS, async (t) => {
    const session = startSession(t, { policy: roomy });
    const call = await requested(session);
    const source = new ControlledBody(["short after all"]);
    call.respond(fetchedResponse(source.stream, { headers: { "Content-Length": String(INLINE_MAX_BYTES + 1) } }));
    const response = await session.client.response();

    assert.ok(response.body instanceof ReadableStream);
    assert.equal(await streamText(response.body), "short after all");
  });

  it("refuses a small body over the policy's size with too-large, sending none of it", WAITS, async (t) => {
    const session = startSession(t, { policy: sitePolicy({ maxResponseBodyBytes: 4 }) });
    const call = await requested(session);
    call.respond(fetchedResponse(new ControlledBody(["12345"]).stream));
    const failure = await session.client.failure();

    assert.equal(failure.code, ErrorCode.TooLarge);
    assert.deepEqual(await session.client.settle(), []);
  });

  it("leaves a body that fails while it is read to the streamed body, which fails as fetch's would", WAITS, async (t) => {
    const session = startSession(t);
    const call = await requested(session);
    call.respond(fetchedResponse(new ControlledBody(["partial"], { error: new TypeError("terminated") }).stream));
    const response = await session.client.response();

    assert.ok(response.body instanceof ReadableStream, "the headers came: fetch would have resolved");
    const reader = response.body.getReader();
    assert.equal(text((await reader.read()).value ?? new Uint8Array()), "partial");
    await assert.rejects(reader.read());
  });
});

describe("peek", () => {
  it("waits a moment longer for a body of small declared length than for one of unknown length", WAITS, async () => {
    // Each read answers PACE_MS after it is made: past the moment of unknown length, well within the declared one.
    const PACE_MS = 5;
    assert.ok(PACE_MS > INLINE_WAIT_MS && 4 * PACE_MS < INLINE_DECLARED_WAIT_MS);
    const declared = await peek(paced(["small"], PACE_MS), 5);
    assert.ok("whole" in declared, "the declared body went whole");
    assert.equal(text(declared.whole), "small");

    const unknown = await peek(paced(["small"], PACE_MS), null);
    assert.ok("rest" in unknown, "the body of unknown length streams");
    assert.equal(await streamText(unknown.rest), "small");
  });

  it("streams a body of small declared length that holds back, so its headers do not wait for it", WAITS, async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const source = new ControlledBody(["first "]);
    const reader = source.stream.getReader();
    const holding = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            await held;
            controller.enqueue(new TextEncoder().encode("last"));
            controller.close();
          } else controller.enqueue(value);
        },
      },
      { highWaterMark: 0 },
    );
    // Only a peek that gives up waiting returns while the body is held.
    const peeked = await peek(holding, 10);
    assert.ok("rest" in peeked);
    release();
    assert.equal(await streamText(peeked.rest), "first last");
  });

  it("hands over a body it has not touched when its declared length is over the limit", async () => {
    const source = new ControlledBody(["a"]);
    const peeked = await peek(source.stream, INLINE_MAX_BYTES + 1);
    assert.ok("rest" in peeked);
    assert.equal(peeked.rest, source.stream);
  });

  it("cancels the source when the streamed rest is cancelled", async () => {
    const source = trickling(["a", "b"]);
    const peeked = await peek(source.stream, null);
    assert.ok("rest" in peeked);
    await peeked.rest.cancel("enough");
    assert.equal(await source.whenCancelled(), "enough");
  });
});

/** A body whose every read (its end's too) answers `ms` after it is made. */
function paced(chunks: readonly string[], ms: number): ReadableStream<Uint8Array> {
  const queue = chunks.map((chunk) => new TextEncoder().encode(chunk));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, ms));
        const chunk = queue.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
}
