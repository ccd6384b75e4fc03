// Turns the relay's answer into a real Response, as the browser's own fetch would have produced it.

import type { ResponseMessage } from "../protocol/messages.js";

// Statuses whose responses never have a body (Fetch standard: null body status).
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

interface FetchedMembers {
  readonly url: string;
  readonly redirected: boolean;
  readonly type: ResponseType;
}

export function toResponse(
  message: ResponseMessage,
  method: string,
  body: ReadableStream<Uint8Array> | null,
): Response {
  if (message.status === 0) {
    // redirect: "manual" yields an opaque-redirect filtered response: no status, headers or body.
    body?.cancel().catch(() => undefined);
    return withFetchedMembers(Response.error(), { url: message.url, redirected: false, type: "opaqueredirect" });
  }
  const hasBody = !NULL_BODY_STATUSES.has(message.status) && method !== "HEAD";
  if (!hasBody) body?.cancel().catch(() => undefined);
  const response = new Response(hasBody ? body : null, {
    status: message.status,
    statusText: message.statusText,
    headers: message.headers as [string, string][],
  });
  return withFetchedMembers(response, { url: message.url, redirected: message.redirected, type: "basic" });
}

// A constructed Response reports url "", redirected false and type "default"; the fetched one reports what the
// relay's fetch saw. Own properties shadow the prototype's getters, and clone() carries them to the copy.
function withFetchedMembers(response: Response, members: FetchedMembers): Response {
  const clone = response.clone.bind(response);
  Object.defineProperties(response, {
    headers: { value: immutable(response.headers), enumerable: true },
    url: { value: members.url, enumerable: true },
    redirected: { value: members.redirected, enumerable: true },
    type: { value: members.type, enumerable: true },
    clone: { value: () => withFetchedMembers(clone(), members) },
  });
  return response;
}

/** A fetched response's headers cannot be changed; a constructed one's can. This restores fetch's behaviour. */
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

function immutable(headers: Headers): Headers {
  return new ImmutableHeaders(headers);
}
