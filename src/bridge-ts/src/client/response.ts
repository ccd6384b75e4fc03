// Turns the relay's answer into a real Response, as the browser's own fetch would have produced it.

import type { ResponseMessage } from "../protocol/messages.js";
import type { ResponseBody } from "./connection/guarded-body.js";

// Statuses whose responses never have content (Fetch standard: null body status). A constructed Response with one
// of these cannot have a body at all.
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

// The Body mixin's readers that exist in this engine (bytes() is recent).
const READERS = (["arrayBuffer", "blob", "bytes", "formData", "json", "text"] as const).filter(
  (name) => name in Response.prototype,
);

interface FetchedMembers {
  readonly url: string;
  readonly redirected: boolean;
  readonly type: ResponseType;
}

/**
 * `body` is the relay's body, null when the relay's own fetch gave none, bytes when it came whole and nothing can
 * error it. The engine decides: the Fetch standard
 * gives a HEAD and a null body status no body, while Chromium and Firefox give a 204 or 304 an empty stream, and
 * Chromium gives a HEAD one too. The caller gets what the same fetch on the service's page would have given.
 */
export function toResponse(message: ResponseMessage, method: string, body: ResponseBody | ArrayBuffer | null): Response {
  if (message.status === 0) {
    // redirect: "manual" yields an opaque-redirect filtered response: no status, headers or body.
    cancel(body);
    return withFetchedMembers(Response.error(), { url: message.url, redirected: false, type: "opaqueredirect" });
  }
  const init: ResponseInit = {
    status: message.status,
    statusText: message.statusText,
    headers: message.headers as [string, string][],
  };
  const members: FetchedMembers = { url: message.url, redirected: message.redirected, type: "basic" };
  if (body === null) return withFetchedMembers(new Response(null, init), members);
  if (NULL_BODY_STATUSES.has(message.status) || method === "HEAD") {
    // Nothing comes from the relay for these; a constructed Response refuses a body for them, so an empty one
    // stands in, shadowing the members that show it.
    cancel(body);
    return withEmptyBody(withFetchedMembers(new Response(null, init), members));
  }
  if (body instanceof ArrayBuffer) return withFetchedMembers(new Response(body, init), members);
  return withBodyFailure(withFetchedMembers(new Response(body.stream, init), members), body);
}

/** Cancels a body that will not be read (bytes need nothing). */
export function cancel(body: ResponseBody | ArrayBuffer | null): void {
  if (body !== null && !(body instanceof ArrayBuffer)) body.stream.cancel().catch(() => undefined);
}

// A constructed Response reports url "", redirected false and type "default"; the fetched one reports what the
// relay's fetch saw. Own properties shadow the prototype's getters, and clone() carries them to the copy, whose own
// headers are made immutable in turn.
function withFetchedMembers(response: Response, members: FetchedMembers): Response {
  const clone = response.clone.bind(response);
  Object.setPrototypeOf(response.headers, ImmutableHeaders.prototype);
  Object.defineProperties(response, {
    url: { value: members.url, enumerable: true },
    redirected: { value: members.redirected, enumerable: true },
    type: { value: members.type, enumerable: true },
    clone: { value: () => withFetchedMembers(clone(), members), configurable: true },
  });
  return response;
}

/**
 * The readers of a body the relay cut off (too large, relay lost, aborted) reject with what cut it off, as the
 * stream's own reader does; engines reject a constructed Response's readers with an error of their own instead.
 * Only a read that this failure broke is translated: a body already used rejects as it always does. They reject in
 * the very turn the body fails, as fetch's readers do (before a microtask queued after the abort runs), not when
 * the engine's own reader of the constructed body gets round to it, which is a promise hop or more later.
 */
function withBodyFailure(response: Response, body: ResponseBody): Response {
  const clone = response.clone.bind(response);
  const properties: PropertyDescriptorMap = {
    clone: { value: () => withBodyFailure(clone(), body), configurable: true },
  };
  for (const name of READERS) {
    const read = Response.prototype[name] as (this: Response) => Promise<unknown>;
    properties[name] = {
      value: function (this: Response): Promise<unknown> {
        const usable = !this.bodyUsed && this.body?.locked !== true;
        const result = read.call(this);
        if (!usable) return result;
        return new Promise((resolve, reject) => {
          const stopListening = body.whenFailed(reject);
          result.then(
            (value) => {
              stopListening();
              resolve(value);
            },
            (error: unknown) => {
              stopListening();
              reject(body.failure?.error ?? error);
            },
          );
        });
      },
      configurable: true,
    };
  }
  Object.defineProperties(response, properties);
  return response;
}

/**
 * An empty body stream where fetch gives one and a constructed Response cannot: `body` is a stream that ends at
 * once, reading it (or any reader method) uses it up, and a used or locked body can be neither read nor cloned.
 */
function withEmptyBody(response: Response): Response {
  let used = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        used = true;
        controller.close();
      },
      cancel() {
        used = true;
      },
    },
    { highWaterMark: 0 },
  );
  const unusable = (): TypeError | null => {
    if (used) return new TypeError("Body has already been consumed.");
    if (stream.locked) return new TypeError("Body is locked by a reader.");
    return null;
  };
  const clone = response.clone.bind(response);
  const properties: PropertyDescriptorMap = {
    body: { get: () => stream, enumerable: true, configurable: true },
    bodyUsed: { get: () => used, enumerable: true, configurable: true },
    clone: {
      value: () => {
        const refusal = unusable();
        if (refusal !== null) throw refusal;
        return withEmptyBody(clone());
      },
      configurable: true,
    },
  };
  for (const name of READERS) {
    const read = Response.prototype[name] as (this: Response) => Promise<unknown>;
    properties[name] = {
      value: async (): Promise<unknown> => {
        const refusal = unusable();
        if (refusal !== null) throw refusal;
        // Reads the stream to its end, as fetch does, leaving it locked and used; then the empty content.
        await stream.getReader().read();
        return read.call(response);
      },
      configurable: true,
    };
  }
  Object.defineProperties(response, properties);
  return response;
}

/**
 * A fetched response's headers cannot be changed; a constructed one's can. The constructed response's own headers
 * take this prototype, which restores fetch's behaviour without a copy of them per call.
 */
class ImmutableHeaders extends Headers {
  override append(): never {
    throw new TypeError("Headers of a fetched response are immutable.");
  }
  override set(): never {
    throw new TypeError("Headers of a fetched response are immutable.");
  }
  override delete(): never {
    throw new TypeError("Headers of a fetched response are immutable.");
  }
}
