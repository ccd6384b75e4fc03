// Serves one parent's requests over its private MessagePort: each request is checked against the parent's site
// policy, then made same-origin; the response goes back whole when its body is small (inline-body.ts), else streams
// back as a transferred ReadableStream, or as chunk messages paced by the caller's reads where streams cannot be
// transferred.

import {
  CHUNK_CREDIT_VERSION,
  CHUNK_WINDOW,
  ErrorCode,
  INLINE_BODY_VERSION,
  addressed,
  envelope,
  type ClientToRelay,
  type PortToClient,
  type RequestMessage,
} from "../protocol/messages.js";
import { readClientMessage, type Malformed } from "../protocol/validate.js";
import type { HeaderRules, SitePolicy } from "./config.js";
import { fail, messageOf, refuse, type Report } from "./failures.js";
import { checkRequest, exposedHeaders, pathAllowed, type Refusal } from "./policy.js";
import { peek } from "./inline-body.js";
import { limited, sendChunk, tooLarge } from "./response-body.js";
import { stats } from "./stats.js";
import type { StorageAccess } from "./storage-access.js";

/** How the relay makes its requests: the page's fetch, or a stand-in that unit tests give. */
export type Fetch = (url: URL, init: RequestInit) => Promise<Response>;

export interface Session {
  /** The protocol version the handshake chose: every message on the port carries it. */
  readonly version: number;
  readonly port: PortToClient;
  readonly fetch: Fetch;
  readonly parentOrigin: string;
  readonly policy: SitePolicy;
  /** The header rules that hold whatever the site lists, the relay's own origin header among them. */
  readonly headers: HeaderRules;
  /** Whether the parent takes response bodies as transferred streams. */
  readonly transferStreams: boolean;
  /** Whether this document may be on its way out (a navigation has started), so its fetches may be cancelled. */
  readonly leaving: () => boolean;
  /** Whether this document can see the service's cookies now, asked before each credentialed call. */
  readonly storageAccess: () => Promise<StorageAccess>;
}

/**
 * How long a fetch or body failure is held back while the document may be leaving. Firefox cancels a leaving
 * document's fetches as the navigation starts, well before pagehide. If the document does leave, its end speaks for
 * the call (the parent hears "closing", or sees the frame go) and it fails as relay-lost, not as a network error. If
 * it stays (the navigation ended in a 204 or a download), the failure was real: it is reported this much later, and
 * only for its own call.
 */
const LEAVING_HOLD_MS = 3_000;

const CALL_CONTROL: ReadonlySet<string> = new Set(["abort", "cancel", "pull", "ping"]);

interface Call {
  readonly controller: AbortController;
  /** A keepalive request outlives the document, as fetch's does: the session's end does not abort it. */
  readonly keepalive: boolean;
  reader: ReadableStreamDefaultReader<Uint8Array> | null;
}

/** A session being served: its end, and where the parent's messages that came to the relay's window go. */
export interface Served {
  readonly end: () => void;
  /**
   * Takes a message the parent posted to the relay's window, as the caller read it (having checked its source and
   * origin), as if it had come over the session's port: calls the parent made before it heard ready, which may come
   * after later ones.
   */
  readonly take: (message: ClientToRelay | Malformed | null) => void;
}

export function serve(session: Session): Served {
  const calls = new Map<string, Call>();
  const { port, version } = session;

  // Ends the session: the parent hears "closing" first, so its pending calls fail at once.
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    port.postMessage(envelope("closing", version));
    for (const call of calls.values()) if (!call.keepalive) call.controller.abort();
    calls.clear();
    port.close();
  };
  const report: Report = (send) => {
    if (!session.leaving()) return send();
    setTimeout(() => {
      if (!ended) send();
    }, LEAVING_HOLD_MS);
  };

  const take = (message: ClientToRelay | Malformed | null): void => {
    if (message === null || message.v !== version) {
      stats.ignoredMessages++;
      return;
    }
    switch (message.type) {
      case "request": {
        if (calls.has(message.id)) {
          stats.ignoredMessages++;
          return;
        }
        const call: Call = { controller: new AbortController(), keepalive: message.keepalive, reader: null };
        calls.set(message.id, call);
        void relay(session, message, call, report, () => calls.delete(message.id));
        return;
      }
      case "abort":
      case "cancel": {
        const call = calls.get(message.id);
        if (call === undefined) return;
        calls.delete(message.id);
        call.controller.abort();
        call.reader?.cancel().catch(() => undefined);
        return;
      }
      case "pull": {
        const { id } = message;
        const reader = calls.get(id)?.reader;
        if (reader) void sendChunk(session, id, reader, report, () => calls.delete(id));
        return;
      }
      case "ping":
        port.postMessage(addressed("pong", message.id, version));
        return;
      case "malformed":
        // Call control that names no call is dropped uncounted (it may come for a call that has just ended), and so
        // is call control whose id is malformed: it names no call either.
        if (!CALL_CONTROL.has(message.claimed)) stats.ignoredMessages++;
        return;
      case "hello":
        // The handshake is over: the port is not where one is made.
        stats.ignoredMessages++;
    }
  };
  port.addEventListener("message", (event: MessageEvent) => take(readClientMessage(event.data)));
  port.start();
  return { end, take };
}

/**
 * Relays one request; done runs once nothing more can be sent or cancelled for it, and says whether it was the first
 * to (the call was still open).
 */
async function relay(session: Session, request: RequestMessage, call: Call, report: Report, done: () => boolean): Promise<void> {
  let bodyOpen = false;
  try {
    bodyOpen = await relayOnce(session, request, call, report, done);
  } catch (error) {
    // Nothing here should throw; if something does, the caller hears of it rather than waiting for ever.
    fail(session, request.id, ErrorCode.NetworkError, `the relay failed to make the request: ${messageOf(error)}`);
  } finally {
    if (!bodyOpen) done();
  }
}

/** True when a body is still flowing: it calls done itself when it ends. */
async function relayOnce(
  session: Session,
  request: RequestMessage,
  call: Call,
  report: Report,
  done: () => boolean,
): Promise<boolean> {
  const { port, policy } = session;
  const target = sameOriginUrl(request.url);
  if (target === null) {
    refuse(session, request.id, {
      code: ErrorCode.TargetNotAllowed,
      message: `the relay only makes requests to its own origin ${location.origin}`,
    });
    return false;
  }
  const refusal = checkRequest(policy, session.headers, request, target) ?? (await withoutStorage(session, request));
  if (refusal !== null) {
    refuse(session, request.id, refusal);
    return false;
  }

  const headers = new Headers(request.headers as Array<[string, string]>);
  headers.set(session.headers.origin, session.parentOrigin);
  let response: Response;
  try {
    response = await session.fetch(target, {
      method: request.method,
      headers,
      body: request.body,
      credentials: request.credentials === "include" ? "same-origin" : "omit",
      redirect: request.redirect,
      // Never the HTTP cache, whatever the caller asks: its key ignores credentials and the relayed origin, so a
      // cached answer may have been made for the service's own pages or another site's cookies, and an answer made
      // for this page must not be served to them (SECURITY.md).
      cache: "no-store",
      integrity: request.integrity,
      // The relay page's own policy is no-referrer; its requests take the browser default instead, or Firefox
      // sends "Origin: null" on them and breaks the service's same-origin checks.
      referrerPolicy: request.referrerPolicy === "" ? "strict-origin-when-cross-origin" : request.referrerPolicy,
      keepalive: request.keepalive,
      mode: "same-origin",
      signal: call.controller.signal,
    });
  } catch (error) {
    // An abort was asked for by the caller, who has already rejected: nobody waits for an answer.
    if (!call.controller.signal.aborted) report(() => fail(session, request.id, ErrorCode.NetworkError, messageOf(error)));
    return false;
  }
  stats.relayedRequests++;

  if (response.redirected && !pathAllowed(policy.paths, new URL(response.url).pathname)) {
    await response.body?.cancel();
    refuse(session, request.id, {
      code: ErrorCode.PathNotAllowed,
      message: `the request was redirected to ${new URL(response.url).pathname}, a path the service does not allow`,
    });
    return false;
  }
  const lengthHeader = response.headers.get("content-length");
  const declaredLength = lengthHeader === null || !Number.isSafeInteger(Number(lengthHeader)) ? null : Number(lengthHeader);
  if (declaredLength !== null && declaredLength > policy.maxResponseBodyBytes) {
    await response.body?.cancel();
    refuse(session, request.id, tooLarge(policy));
    return false;
  }

  const head = {
    ...addressed("response", request.id, session.version),
    status: response.status,
    statusText: response.statusText,
    headers: exposedHeaders(policy, response.headers),
    url: response.url,
    redirected: response.redirected,
  };
  let source: ReadableStream<Uint8Array> | null = response.body;
  if (source !== null && session.version >= INLINE_BODY_VERSION) {
    const peeked = await peek(source, declaredLength);
    if (call.controller.signal.aborted) return false;
    if ("whole" in peeked) {
      if (peeked.whole.byteLength > policy.maxResponseBodyBytes) {
        refuse(session, request.id, tooLarge(policy));
        return false;
      }
      port.postMessage({ ...head, body: peeked.whole, chunked: false }, [peeked.whole]);
      stats.inlineBodies++;
      return false;
    }
    source = peeked.rest;
  }

  // A transferred body ends the call when its source ends; a chunked one only when its last chunk is sent
  // (sendChunk), since chunks may still wait in the stream for the caller's pulls.
  const finished = (): void => {
    if (call.reader === null) done();
  };
  // A cancel that comes with the transferred stream is taken as the parent's "cancel" message would be.
  const cancelled = (): void => {
    call.controller.abort();
    finished();
  };
  const body = source === null ? null : limited(source, policy, report, finished, cancelled);
  if (body !== null && session.transferStreams) {
    try {
      port.postMessage({ ...head, body, chunked: false }, [body]);
      stats.transferredBodies++;
      return true;
    } catch {
      // This browser cannot transfer streams: fall back to chunk messages.
    }
  }
  port.postMessage({ ...head, body: null, chunked: body !== null });
  if (body === null) return false;
  stats.chunkedBodies++;
  const reader = (call.reader = body.getReader());
  if (session.version >= CHUNK_CREDIT_VERSION) {
    for (let credit = 0; credit < CHUNK_WINDOW; credit++) void sendChunk(session, request.id, reader, report, done);
  }
  return true;
}

/**
 * A credentialed call from a document that cannot see the service's cookies is refused before anything is sent: made
 * anyway, it would reach the service without them, and its "signed out" would be a lie.
 */
async function withoutStorage(session: Session, request: RequestMessage): Promise<Refusal | null> {
  if (request.credentials !== "include") return null;
  const access = await session.storageAccess();
  if (access === "granted") return null;
  const code = access === "denied" ? ErrorCode.StorageAccessDenied : ErrorCode.StorageAccessRequired;
  const denied = access === "denied" ? ", and storage access was denied" : "";
  return { code, message: `this frame cannot see ${location.origin}'s cookies under another site${denied}` };
}

function sameOriginUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === location.origin ? parsed : null;
  } catch {
    return null;
  }
}
