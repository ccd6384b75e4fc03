// Unit tests for client/connection/guarded-body: a body read straight through from its source, errored at once by the
// caller's signal (or the relay's death, which reaches it as the same signal), its errors translated, its cancel
// passed on to the source and to the relay.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { guard, type ResponseBody } from "../../../src/client/connection/guarded-body.js";
import { ControlledBody, text } from "../../harness/fake-fetch.js";
import { deferred } from "../../harness/queue.js";

/** What the guard told its owner, and the body it made. */
interface Guarded {
  readonly body: ResponseBody;
  readonly controller: AbortController;
  /** How many times the guard said the relay should cancel. */
  readonly cancels: () => number;
  /** Each time a read started waiting on the source (true) and was answered (false). */
  readonly reading: readonly boolean[];
}

function guarded(source: ReadableStream<Uint8Array>, controller = new AbortController()): Guarded {
  let cancels = 0;
  const reading: boolean[] = [];
  const body = guard(
    source,
    controller.signal,
    async (error) => ({ translated: error }),
    () => cancels++,
    (active) => reading.push(active),
  );
  return { body, controller, cancels: () => cancels, reading };
}

/** A source that never gives a chunk, and says when it is cancelled and why. */
function silentSource(): { readonly stream: ReadableStream<Uint8Array>; readonly cancelled: Promise<unknown> } {
  const cancelled = deferred<unknown>();
  const stream = new ReadableStream<Uint8Array>(
    { pull: () => new Promise(() => undefined), cancel: (reason) => cancelled.resolve(reason) },
    { highWaterMark: 0 },
  );
  return { stream, cancelled: cancelled.promise };
}

describe("guard", () => {
  it("reads straight through, one source read per read, and says when each read waits on the source", async () => {
    const source = new ControlledBody(["a", "b"]);
    const { body, reading, cancels } = guarded(source.stream);
    const reader = body.stream.getReader();
    assert.equal(source.pulls, 0, "nothing is read ahead");

    assert.equal(text((await reader.read()).value ?? new Uint8Array()), "a");
    assert.equal(source.pulls, 1);
    assert.equal(text((await reader.read()).value ?? new Uint8Array()), "b");
    assert.equal((await reader.read()).done, true);
    assert.equal(source.pulls, 3);
    assert.deepEqual(reading, [true, false, true, false, true, false]);
    assert.equal(body.failure, null);
    assert.equal(cancels(), 0);
  });

  it("errors at once with the signal's reason when the signal aborts, cancels the source, and says cancel", async () => {
    const source = silentSource();
    const { body, controller, cancels } = guarded(source.stream);
    const read = body.stream.getReader().read();
    const heard: unknown[] = [];
    body.whenFailed((error) => heard.push(error));
    const reason = new DOMException("The user aborted a request.", "AbortError");
    controller.abort(reason);

    assert.deepEqual(heard, [reason], "listeners hear of it in the turn the signal aborts");
    assert.equal(body.failure?.error, reason);
    await assert.rejects(read, (error) => error === reason);
    assert.equal(await source.cancelled, reason);
    assert.equal(cancels(), 1);
  });

  it("is errored from the start by a signal that has already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    const { body, cancels } = guarded(new ControlledBody(["a"]).stream, controller);

    await assert.rejects(body.stream.getReader().read(), { message: "too late" });
    assert.equal(cancels(), 1);
  });

  it("translates the source's error, and tells a listener that comes after the failure at once", async () => {
    const failure = new TypeError("connection reset");
    const { body, cancels } = guarded(new ControlledBody([], { error: failure }).stream);

    await assert.rejects(body.stream.getReader().read(), (error) => (error as { translated?: unknown }).translated === failure);
    const heard: unknown[] = [];
    body.whenFailed((error) => heard.push(error));
    assert.deepEqual(heard, [{ translated: failure }]);
    assert.deepEqual(body.failure, { error: { translated: failure } });
    assert.equal(cancels(), 0, "the source failed: there is nothing to cancel");
  });

  it("passes the caller's cancel to the source with its reason, and says cancel once; an abort after it does nothing", async () => {
    const source = new ControlledBody(["a"]);
    const { body, controller, cancels } = guarded(source.stream);
    const reason = new Error("not needed");
    await body.stream.cancel(reason);
    controller.abort();

    assert.deepEqual(source.cancelled, { reason });
    assert.equal(cancels(), 1);
    assert.equal(body.failure, null);
  });

  it("ignores the signal once the body has ended", async () => {
    const { body, controller, cancels } = guarded(new ControlledBody([]).stream);
    assert.equal((await body.stream.getReader().read()).done, true);
    controller.abort();

    assert.equal(body.failure, null);
    assert.equal(cancels(), 0);
  });

  it("stops telling a listener that stopped listening", () => {
    const { body, controller } = guarded(silentSource().stream);
    const heard: unknown[] = [];
    const stop = body.whenFailed((error) => heard.push(error));
    stop();
    controller.abort(new Error("aborted"));

    assert.deepEqual(heard, []);
  });
});
