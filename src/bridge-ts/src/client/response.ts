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
    return withEmptyBody(new Response(null, init), members);
  }
  if (body instanceof ArrayBuffer) return withFetchedMembers(new Response(body, init), members);
  return withBodyFailure(new Response(body.stream, init), members, body);
}

/** Cancels a body that will not be read (bytes need nothing). */
export function cancel(body: ResponseBody | ArrayBuffer | null): void {
  if (body !== null && !(body instanceof ArrayBuffer)) body.stream.cancel().catch(() => undefined);
}

/**
 * What a response shows beyond a constructed one, kept beside it rather than on it: fetch's responses have no own
 * properties, so Object.keys, JSON.stringify and a spread see none on bridge.fetch's either. Each response takes
 * one of the prototypes below instead, between it and Response.prototype, and they read these maps.
 */
const members = new WeakMap<Response, FetchedMembers>();
const bodies = new WeakMap<Response, ResponseBody>();
const emptyBodies = new WeakMap<Response, EmptyBody>();

/** The entry of `map` for `response`, or the TypeError a member called on something else throws. */
function entry<T>(map: WeakMap<Response, T>, response: Response): T {
  const value = map.get(response);
  if (value === undefined) throw new TypeError("Illegal invocation");
  return value;
}

/** Response.prototype's clone, which copies the body (teeing a stream) and nothing of what the maps hold. */
const responseClone = Response.prototype.clone;

/**
 * A class's prototype as WebIDL's: members enumerable (for...in lists them, as it lists fetch's), its constructor
 * Response. The classes are never constructed: responses take their prototypes.
 */
function asResponsePrototype(type: { prototype: Response }): Response {
  const prototype = type.prototype;
  for (const name of Reflect.ownKeys(prototype)) {
    Object.defineProperty(prototype, name, name === "constructor" ? { value: Response } : { enumerable: true });
  }
  return prototype;
}

// A constructed Response reports url "", redirected false and type "default"; the fetched one reports what the
// relay's fetch saw, and clone() carries it to the copy, whose own headers are made immutable in turn.
const FETCHED = asResponsePrototype(
  class extends Response {
    override get url(): string {
      return entry(members, this).url;
    }
    override get redirected(): boolean {
      return entry(members, this).redirected;
    }
    override get type(): ResponseType {
      return entry(members, this).type;
    }
    override clone(): Response {
      return withFetchedMembers(responseClone.call(this), entry(members, this));
    }
  },
);

/** Makes `response` a fetched one: its members, immutable headers, and `prototype` (FETCHED or one below it). */
function withFetchedMembers(response: Response, fetched: FetchedMembers, prototype = FETCHED): Response {
  Object.setPrototypeOf(response.headers, ImmutableHeaders.prototype);
  members.set(response, fetched);
  return Object.setPrototypeOf(response, prototype) as Response;
}

/**
 * The readers of a body the relay cut off (too large, relay lost, aborted) reject with what cut it off, as the
 * stream's own reader does; engines reject a constructed Response's readers with an error of their own instead.
 * Only a read that this failure broke is translated: a body already used rejects as it always does. They reject in
 * the very turn the body fails, as fetch's readers do (before a microtask queued after the abort runs), not when
 * the engine's own reader of the constructed body gets round to it, which is a promise hop or more later.
 */
const WITH_BODY_FAILURE = withReaders(
  class extends Response {
    override clone(): Response {
      return withBodyFailure(responseClone.call(this), entry(members, this), entry(bodies, this));
    }
  },
  (read) =>
    function (this: Response): Promise<unknown> {
      const body = entry(bodies, this);
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
);

function withBodyFailure(response: Response, fetched: FetchedMembers, body: ResponseBody): Response {
  bodies.set(response, body);
  return withFetchedMembers(response, fetched, WITH_BODY_FAILURE);
}

/** The stand-in body of a response that may have none: a stream that ends at once, and whether it was used. */
interface EmptyBody {
  readonly stream: NonNullable<Response["body"]>;
  readonly used: boolean;
}

/**
 * An empty body stream where fetch gives one and a constructed Response cannot: `body` is a stream that ends at
 * once, reading it (or any reader method) uses it up, and a used or locked body can be neither read nor cloned.
 */
const WITH_EMPTY_BODY = withReaders(
  class extends Response {
    override get body(): Response["body"] {
      return entry(emptyBodies, this).stream;
    }
    override get bodyUsed(): boolean {
      return entry(emptyBodies, this).used;
    }
    override clone(): Response {
      refuseUnusable(this);
      return withEmptyBody(responseClone.call(this), entry(members, this));
    }
  },
  (read) =>
    async function (this: Response): Promise<unknown> {
      refuseUnusable(this);
      // Reads the stream to its end, as fetch does, leaving it locked and used; then the empty content.
      await entry(emptyBodies, this).stream.getReader().read();
      return read.call(this);
    },
);

/** Throws what fetch throws for a used or locked body. */
function refuseUnusable(response: Response): void {
  const { stream, used } = entry(emptyBodies, response);
  if (used) throw new TypeError("Body has already been consumed.");
  if (stream.locked) throw new TypeError("Body is locked by a reader.");
}

function withEmptyBody(response: Response, fetched: FetchedMembers): Response {
  let used = false;
  const stream: EmptyBody["stream"] = new ReadableStream(
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
  emptyBodies.set(response, {
    stream,
    get used() {
      return used;
    },
  });
  return withFetchedMembers(response, fetched, WITH_EMPTY_BODY);
}

/**
 * A prototype below FETCHED with the class's members and each of this engine's Body readers as `wrap` makes it of
 * Response.prototype's own.
 */
function withReaders(
  type: { prototype: Response },
  wrap: (read: (this: Response) => Promise<unknown>) => (this: Response) => Promise<unknown>,
): Response {
  Object.setPrototypeOf(type.prototype, FETCHED);
  for (const name of READERS) {
    Object.defineProperty(type.prototype, name, { value: wrap(Response.prototype[name] as (this: Response) => Promise<unknown>), writable: true, configurable: true });
  }
  return asResponsePrototype(type);
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
