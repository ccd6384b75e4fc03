// A response body sent as chunk messages, where streams cannot be transferred: each read asks the relay for one chunk
// (pull), so neither side buffers more than the caller reads.

import { addressed, type ClientToRelay } from "../../protocol/messages.js";
import type { BridgeError } from "../errors.js";

/** Receives the chunk messages of one chunked body. */
export interface ChunkSink {
  chunk(data: ArrayBuffer): void;
  end(): void;
  fail(error: BridgeError): void;
}

/** The body of the call `id` in a session of `version`; its sink is in `sinks` until it ends, fails or is cancelled. */
export function chunkedBody(
  id: string,
  version: number,
  sinks: Map<string, ChunkSink>,
  post: (message: ClientToRelay) => void,
): ReadableStream<Uint8Array> {
  let waiting: { resolve: () => void; controller: ReadableStreamDefaultController<Uint8Array> } | null = null;
  const settle = (action: (controller: ReadableStreamDefaultController<Uint8Array>) => void): void => {
    if (waiting === null) return;
    const { resolve, controller } = waiting;
    waiting = null;
    action(controller);
    resolve();
  };
  sinks.set(id, {
    chunk: (data) => settle((controller) => controller.enqueue(new Uint8Array(data))),
    end: () => {
      sinks.delete(id);
      settle((controller) => controller.close());
    },
    fail: (error) => {
      sinks.delete(id);
      settle((controller) => controller.error(error));
    },
  });
  return new ReadableStream<Uint8Array>(
    {
      pull: (controller) =>
        new Promise<void>((resolve) => {
          waiting = { resolve, controller };
          post(addressed("pull", id, version));
        }),
      cancel: () => {
        sinks.delete(id);
        post(addressed("cancel", id, version));
      },
    },
    { highWaterMark: 0 },
  );
}
