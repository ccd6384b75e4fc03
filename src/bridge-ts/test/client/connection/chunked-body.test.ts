// Unit tests for client/connection/chunked-body: a body sent as chunk messages asks for chunks (pull) as it is read,
// a few ahead of the reads, and its sink takes the relay's chunk, end and failure; cancelling it says cancel.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { ErrorCode, PROTOCOL_VERSION, addressed, type ClientToRelay } from "../../../src/protocol/messages.js";
import { PULL_WINDOW, chunkedBody, type ChunkSink } from "../../../src/client/connection/chunked-body.js";
import { bridgeError } from "../../../src/client/errors.js";
import { bytes, text } from "../../harness/fake-fetch.js";
import { Queue } from "../../harness/queue.js";

const ID = "call-1";

/** A chunked body, what it posts to the relay, and its sink as the connection holds it. */
function chunked(): { readonly reader: ReadableStreamDefaultReader<Uint8Array>; readonly posts: Queue<ClientToRelay>; readonly sinks: Map<string, ChunkSink> } {
  const posts = new Queue<ClientToRelay>();
  const sinks = new Map<string, ChunkSink>();
  const stream = chunkedBody(ID, PROTOCOL_VERSION, sinks, (message) => posts.push(message));
  return { reader: stream.getReader(), posts, sinks };
}

function sinkOf(sinks: Map<string, ChunkSink>): ChunkSink {
  const sink = sinks.get(ID);
  assert.ok(sink !== undefined, "the body's sink is registered");
  return sink;
}

describe("chunkedBody", () => {
  it("asks for nothing before a read, then keeps PULL_WINDOW chunks asked for ahead of the reads", async () => {
    const { reader, posts, sinks } = chunked();
    assert.equal(posts.total, 0);

    const first = reader.read();
    for (let i = 0; i < PULL_WINDOW; i++) assert.deepEqual(await posts.next(), addressed("pull", ID));
    assert.equal(posts.total, PULL_WINDOW, "a window's worth, no more");
    sinkOf(sinks).chunk(bytes("a"));
    assert.equal(text((await first).value ?? new Uint8Array()), "a");
    assert.equal(posts.total, PULL_WINDOW, "nothing more asked until the next read");

    const second = reader.read();
    assert.deepEqual(await posts.next(), addressed("pull", ID), "the next read tops the window up");
    sinkOf(sinks).chunk(bytes("b"));
    assert.equal(text((await second).value ?? new Uint8Array()), "b");
    assert.equal(posts.total, PULL_WINDOW + 1);
  });

  it("holds chunks that come ahead of the reads, and gives them in order", async () => {
    const { reader, posts, sinks } = chunked();
    const first = reader.read();
    await posts.next();
    for (const chunk of ["a", "b", "c"]) sinkOf(sinks).chunk(bytes(chunk));
    sinkOf(sinks).end();

    const read: string[] = [];
    for (let result = await first; !result.done; result = await reader.read()) read.push(text(result.value));
    assert.deepEqual(read, ["a", "b", "c"]);
    assert.equal(posts.total, PULL_WINDOW, "no pull after the end");
  });

  it("ends when the relay says end, and forgets its sink", async () => {
    const { reader, posts, sinks } = chunked();
    const read = reader.read();
    await posts.next();
    sinkOf(sinks).end();

    assert.equal((await read).done, true);
    assert.equal(sinks.has(ID), false);
  });

  it("errors with the error its sink is failed with, and forgets its sink", async () => {
    const { reader, posts, sinks } = chunked();
    const read = reader.read();
    await posts.next();
    const error = bridgeError(ErrorCode.RelayLost, "https://api.example/bridge/relay.html", "lost", "the relay went away");
    sinkOf(sinks).fail(error);

    await assert.rejects(read, (reason) => reason === error);
    assert.equal(sinks.has(ID), false);
  });

  it("drops a chunk nobody asked for: the relay sends one per pull", async () => {
    const { reader, posts, sinks } = chunked();
    sinkOf(sinks).chunk(bytes("unasked"));
    const read = reader.read();
    await posts.next();
    sinkOf(sinks).chunk(bytes("asked"));

    assert.equal(text((await read).value ?? new Uint8Array()), "asked");
  });

  it("says cancel to the relay when the caller cancels it, and forgets its sink", async () => {
    const { reader, posts, sinks } = chunked();
    await reader.cancel(new Error("not needed"));

    assert.deepEqual(await posts.next(), addressed("cancel", ID));
    assert.equal(sinks.has(ID), false);
  });
});
