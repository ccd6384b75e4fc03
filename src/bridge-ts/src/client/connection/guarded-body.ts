// A response body as the caller reads it: pulled straight through from its source (the whole body from the response
// message, a transferred stream or chunk messages), errored at once by the caller's signal or the relay's death, its
// errors translated to what fetch gives.

import { warnOfNetworkFailure } from "../errors.js";

/** A response body as the caller reads it, and what errored it, once something has. */
export interface ResponseBody {
  readonly stream: ReadableStream<Uint8Array>;
  readonly failure: { readonly error: unknown } | null;
  /**
   * Calls `listener` with the error in the very turn the body fails (at once if it has), so that a reader of the body
   * can reject then, as fetch's readers do, rather than a promise hop later. Returns what stops listening.
   */
  whenFailed(listener: (error: unknown) => void): () => void;
}

/**
 * Wraps a body so that the caller's signal (abort, timeout) and the relay's death error it at once, errors are
 * translated, and cancelling it cancels the source. Reads pull straight through: nothing is buffered here.
 * `reading` hears when a read starts waiting on the source and when it is answered.
 */
export function guard(
  source: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  translate: (error: unknown) => Promise<unknown>,
  cancelled: () => void,
  reading: (active: boolean) => void,
): ResponseBody {
  const reader = source.getReader();
  const failed = failures();
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: unknown): void => {
    controller.error(error);
    failed.fail(error);
    warnOfNetworkFailure(error);
  };
  let finished = false;
  let onAbort = (): void => undefined;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    signal.removeEventListener("abort", onAbort);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          if (finished) return;
          fail(controller, signal.reason);
          reader.cancel(signal.reason).catch(() => undefined);
          // Some engines do not carry a transferred stream's cancel back to its source: say it in words too.
          cancelled();
          finish();
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      },
      async pull(controller) {
        reading(true);
        try {
          const { done, value } = await reader.read();
          if (finished) return;
          if (done) {
            controller.close();
            finish();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          if (finished) return;
          const translated = await translate(error);
          if (finished) return;
          fail(controller, translated);
          finish();
        } finally {
          reading(false);
        }
      },
      cancel(reason) {
        finish();
        cancelled();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return Object.assign(failed.body, { stream });
}

/**
 * A body that came whole in the response message: one stream that gives it to the first read, errored by the caller's
 * signal until then (as fetch's body is, however much of it has arrived), and nothing else to watch.
 */
export function whole(buffer: ArrayBuffer, signal: AbortSignal): ResponseBody {
  const failed = failures();
  let given = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const abort = (): void => {
          if (given) return;
          controller.error(signal.reason);
          failed.fail(signal.reason);
        };
        if (signal.aborted) abort();
        else signal.addEventListener("abort", abort, { once: true });
      },
      pull(controller) {
        given = true;
        if (buffer.byteLength > 0) controller.enqueue(new Uint8Array(buffer));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return Object.assign(failed.body, { stream });
}

/** What errored a body, and who waits to hear it: one record per body, whichever way it came. */
function failures(): { readonly body: Omit<ResponseBody, "stream">; fail(error: unknown): void } {
  let failure: { readonly error: unknown } | null = null;
  const listeners = new Set<(error: unknown) => void>();
  return {
    body: {
      get failure() {
        return failure;
      },
      whenFailed(listener) {
        if (failure !== null) {
          listener(failure.error);
          return () => undefined;
        }
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    fail(error) {
      failure = { error };
      for (const listener of listeners) listener(error);
      listeners.clear();
    },
  };
}
