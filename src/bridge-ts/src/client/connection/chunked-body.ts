// A response body sent as chunk messages, where streams cannot be transferred: the caller's reads ask the relay for
// chunks (pull), at most CHUNK_WINDOW ahead of them, so a round trip to the relay overlaps the reads before it while
// neither side holds more than a few chunks the caller has not read. From protocol version 4 the first window's
// worth is credited with the response: the relay sends those chunks unasked.

import { CHUNK_CREDIT_VERSION, CHUNK_WINDOW, addressed, type ClientToRelay } from "../../protocol/messages.js";
import type { BridgeError } from "../errors.js";

/** Receives the chunk messages of one chunked body. */
export interface ChunkSink {
  chunk(data: ArrayBuffer): void;
  end(): void;
  fail(error: BridgeError): void;
}

type Arrival = { readonly data: ArrayBuffer } | { readonly end: true } | { readonly error: BridgeError };

/** The body of the call `id` in a session of `version`; its sink is in `sinks` until it ends, fails or is cancelled. */
export function chunkedBody(
  id: string,
  version: number,
  sinks: Map<string, ChunkSink>,
  post: (message: ClientToRelay) => void,
): ReadableStream<Uint8Array> {
  const arrived: Arrival[] = [];
  let asked = version >= CHUNK_CREDIT_VERSION ? CHUNK_WINDOW : 0;
  let over = false;
  let waiting: { resolve: () => void; controller: ReadableStreamDefaultController<Uint8Array> } | null = null;
  const deliver = (controller: ReadableStreamDefaultController<Uint8Array>, arrival: Arrival): void => {
    if ("data" in arrival) controller.enqueue(new Uint8Array(arrival.data));
    else if ("end" in arrival) controller.close();
    else controller.error(arrival.error);
  };
  const arrive = (arrival: Arrival): void => {
    if ("data" in arrival) {
      // The relay sends one chunk per pull or credit: one nobody asked for is dropped.
      if (asked === 0) return;
      asked--;
    } else {
      over = true;
      sinks.delete(id);
    }
    if (waiting === null) return void arrived.push(arrival);
    const { resolve, controller } = waiting;
    waiting = null;
    deliver(controller, arrival);
    resolve();
  };
  const askAhead = (): void => {
    for (; !over && asked + arrived.length < CHUNK_WINDOW; asked++) post(addressed("pull", id, version));
  };
  sinks.set(id, {
    chunk: (data) => arrive({ data }),
    end: () => arrive({ end: true }),
    fail: (error) => arrive({ error }),
  });
  return new ReadableStream<Uint8Array>(
    {
      pull: (controller) => {
        const next = arrived.shift();
        askAhead();
        if (next !== undefined) return deliver(controller, next);
        return new Promise<void>((resolve) => {
          waiting = { resolve, controller };
        });
      },
      cancel: () => {
        over = true;
        sinks.delete(id);
        post(addressed("cancel", id, version));
      },
    },
    { highWaterMark: 0 },
  );
}
