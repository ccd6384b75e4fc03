// Unit tests for client/connection/chunked-body: a body sent as chunk messages takes a window of chunks on credit
// (before protocol version 4, asks for them), then asks for one more (pull) per read, and its sink takes the relay's
// chunk, end and failure; cancelling it says cancel.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import {
  CHUNK_CREDIT_VERSION,
  CHUNK_WINDOW,
  ErrorCode,
  PROTOCOL_VERSION,
  addressed,
  type ClientToRelay,
} from "../../../src/protocol/messages.js";
import { chunkedBody, type ChunkSink } from "../../../src/client/connection/chunked-body.js";
import { bridgeError } from "../../../src/client/errors.js";
import { bytes, text } from "../../harness/fake-fetch.js";
import { Queue } from "../../harness/queue.js";

const ID = "call-1";

/** A chunked body, what it posts to the relay, and its sink as the connection holds it. */
function chunked(
  version = PROTOCOL_VERSION,
): { readonly reader: ReadableStreamDefaultReader<Uint8Array>; readonly posts: Queue<ClientToRelay>; readonly sinks: Map<string, ChunkSink> } {
  const posts = new Queue<ClientToRelay>();
  const sinks = new Map<string, ChunkSink>();
  const stream = chunkedBody(ID, version, sinks, (message) => posts.push(message));
  return { reader: stream.getReader(), posts, sinks };
}

function sinkOf(sinks: Map<string, ChunkSink>): ChunkSink {
  const sink = sinks.get(ID);
  assert.ok(sink !== undefined, "the body's sink is registered");
  return sink;
}

describe("chunkedBody", () => {
  it("takes a window of chunks on credit, then asks for one more as each read takes one", async () => {
    const { reader, posts, sinks } = chunked();
    for (let i = 0; i < CHUNK_WINDOW; i++) sinkOf(sinks).chunk(bytes(String(i)));
    assert.equal(posts.total, 0, "the window came on credit: nothing asked");

    assert.equal(text((await reader.read()).value ?? new Uint8Array()), "0");
    assert.deepEqual(await posts.next(), addressed("pull", ID), "a read tops the window up");
    assert.equal(text((await reader.read()).value ?? new Uint8Array()), "1");
    assert.deepEqual(await posts.next(), addressed("pull", ID));
    assert.equal(posts.total, 2, "one pull per read");
  });

  it("before version 4, asks for nothing before a read, then keeps a window of chunks asked for ahead of the reads", async () => {
    const version = CHUNK_CREDIT_VERSION - 1;
    const { reader, posts, sinks } = chunked(version);
    assert.equal(posts.total, 0);

    const first = reader.read();
    for (let i = 0; i < CHUNK_WINDOW; i++) assert.deepEqual(await posts.next(), addressed("pull", ID, version));
    assert.equal(posts.total, CHUNK_WINDOW, "a window's worth, no more");
    sinkOf(sinks).chunk(bytes("a"));
    assert.equal(text((await first).value ?? new Uint8Array()), "a");
    assert.equal(posts.total, CHUNK_WINDOW, "nothing more asked until the next read");

    const second = reader.read();
    assert.deepEqual(await posts.next(), addressed("pull", ID, version), "the next read tops the window up");
    sinkOf(sinks).chunk(bytes("b"));
    assert.equal(text((await second).value ?? new Uint8Array()), "b");
    assert.equal(posts.total, CHUNK_WINDOW + 1);
  });

  it("holds chunks that come ahead of the reads, gives them in order, and asks for none after the end", async () => {
    const { reader, posts, sinks } = chunked();
    for (const chunk of ["a", "b", "c"]) sinkOf(sinks).chunk(bytes(chunk));
    sinkOf(sinks).end();

    const read: string[] = [];
    for (let result = await reader.read(); !result.done; result = await reader.read()) read.push(text(result.value));
    assert.deepEqual(read, ["a", "b", "c"]);
    assert.equal(posts.total, 0, "no pull after the end");
  });

  it("ends when the relay says end, and forgets its sink", async () => {
    const { reader, sinks } = chunked();
    const read = reader.read();
    sinkOf(sinks).end();

    assert.equal((await read).done, true);
    assert.equal(sinks.has(ID), false);
  });

  it("errors with the error its sink is failed with, and forgets its sink", async () => {
    const { reader, sinks } = chunked();
    const read = reader.read();
    const error = bridgeError(ErrorCode.RelayLost, "https://api.example/bridge/relay.html", "lost", "the relay went away");
    sinkOf(sinks).fail(error);

    await assert.rejects(read, (reason) => reason === error);
    assert.equal(sinks.has(ID), false);
  });

  it("drops a chunk beyond its credit and its pulls: the relay sends one per credit or pull", async () => {
    const { reader, posts, sinks } = chunked();
    for (let i = 0; i <= CHUNK_WINDOW; i++) sinkOf(sinks).chunk(bytes(i === CHUNK_WINDOW ? "unasked" : "credited"));
    for (let i = 0; i < CHUNK_WINDOW; i++) assert.equal(text((await reader.read()).value ?? new Uint8Array()), "credited");
    const read = reader.read();
    await posts.next();
    sinkOf(sinks).chunk(bytes("asked"));

    assert.equal(text((await read).value ?? new Uint8Array()), "asked");
  });

  it("before version 4, drops a chunk nobody asked for", async () => {
    const version = CHUNK_CREDIT_VERSION - 1;
    const { reader, posts, sinks } = chunked(version);
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
