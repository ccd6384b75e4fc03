// bridge.fetch: the browser's fetch, carried out by the relay on the service's own origin.

import type { CredentialsMode } from "../protocol/messages.js";
import { warnOfNetworkFailure } from "./errors.js";
import type { RelayConnection } from "./connection/relay-connection.js";
import { connectionFor, isPositiveNumber, option } from "./relays.js";
import { cancel, toResponse } from "./response.js";

export interface BridgeRequestInit extends RequestInit {
  /** Bridge only: reject with a "TimeoutError" DOMException after this many milliseconds, like AbortSignal.timeout. */
  timeout?: number;
}

/**
 * Settles when fetch would: rejected at once for bad arguments or an aborted signal, and in the very turn the signal
 * aborts while the call is under way (fetch rejects its promise within abort(), before any microtask queued after it
 * runs; the relay's side of the call catches up later).
 */
export function bridgeFetch(input: RequestInfo | URL, init?: BridgeRequestInit): Promise<Response> {
  return fetchThrough(connectionFor, input, init);
}

/** bridge.fetch over the connection `through` gives for the URL's origin (which may throw for an origin it lacks). */
export function fetchThrough(
  through: (origin: string) => RelayConnection,
  input: RequestInfo | URL,
  init?: BridgeRequestInit,
): Promise<Response> {
  let request: Request;
  let signal: AbortSignal | null;
  try {
    // The Request constructor applies the Fetch standard to the arguments: method and header normalization, body
    // extraction with its content type (multipart boundary included), and the same TypeErrors fetch throws.
    request = new Request(input, init);
    signal = callerSignal(request, input, init);
    signal?.throwIfAborted();
  } catch (error) {
    return Promise.reject(error);
  }
  const call = relayedFetch(through, request, signal, init).catch((error: unknown) => {
    warnOfNetworkFailure(error);
    throw error;
  });
  // fetch rejects in the very turn its signal aborts: the relay's side of the call catches up later.
  return untilAborted(call, signal, () => undefined);
}

async function relayedFetch(
  through: (origin: string) => RelayConnection,
  request: Request,
  signal: AbortSignal | null,
  init: RequestInit | undefined,
): Promise<Response> {
  const url = new URL(request.url);
  if (url.origin === location.origin) return fetch(request, signal === null ? undefined : { signal });
  refuseUnsupported(request, url);

  const connection = through(url.origin);
  // The buffer is transferred to the relay, not copied. No body stays no body (fetch sends no Content-Length for a
  // bodiless DELETE, say), and an empty one stays empty. A body read from a stream may take long, or never end: the
  // signal ends the wait.
  const body = hasBody(request, init) ? await untilAborted(request.arrayBuffer(), signal, () => undefined) : null;
  const id = String(++lastCallId);
  const call = connection.send(
    {
      method: request.method,
      url: request.url,
      headers: [...request.headers],
      body,
      credentials: relayCredentials(request.credentials),
      redirect: request.redirect,
      cache: request.cache,
      integrity: request.integrity,
      referrerPolicy: request.referrerPolicy,
      keepalive: request.keepalive,
    },
    id,
    body === null ? [] : [body],
    signal,
  );
  const message = await untilAborted(call, signal, () => connection.abort(id));
  const responseBody = connection.body(message, signal);
  try {
    return toResponse(message, request.method, responseBody);
  } catch (error) {
    // The answer passed validation but is no Response this engine can build (a header value fetch would never give,
    // say): the relay is broken.
    cancel(responseBody);
    throw connection.protocolError("a response this browser cannot construct", error);
  }
}

function hasBody(request: Request, init: RequestInit | undefined): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  if (init?.body !== undefined && init.body !== null) return true;
  // The body may come from an input Request (init.body null keeps it). Request.body would tell, but Firefox does not
  // have it; the Request constructor does everywhere: it refuses a GET copy of a request that has a body, even an
  // empty one (which fetch still sends, with Content-Length: 0).
  try {
    new Request(request.clone(), { method: "GET" });
    return false;
  } catch {
    return true;
  }
}

// Options fetch honours that the relay cannot carry are refused, never dropped.
function refuseUnsupported(request: Request, url: URL): void {
  const refusal =
    url.protocol !== "https:" && url.protocol !== "http:"
      ? `only http and https URLs can be relayed, got ${url.protocol}`
      : request.mode === "same-origin"
        ? `mode "same-origin" forbids a request to ${url.origin}`
        : request.mode === "no-cors"
          ? 'mode "no-cors" asks for an opaque response, which bridge.fetch never gives: leave mode out'
          : request.referrer !== "about:client" && request.referrer !== ""
            ? // The relay's requests come from the service's own origin.
              'a custom referrer cannot be relayed: leave referrer out, or use referrerPolicy: "no-referrer"'
            : null;
  if (refusal !== null) throw new TypeError(`Bridge: ${refusal}.`);
}

// The relay's fetch is same-origin with the service. Sending the service's cookies is opt-in, exactly as a
// cross-origin fetch needs credentials: "include": the default "same-origin" sends none, since the caller's
// origin is not the service's.
function relayCredentials(mode: RequestCredentials): CredentialsMode {
  return mode === "include" ? "include" : "omit";
}

/**
 * The signal that can end the call: the request's, with the timeout's. Null when nothing can ever abort it (no
 * signal and no timeout given), so the call needs no listener, and a small body no guard.
 */
function callerSignal(request: Request, input: RequestInfo | URL, init: BridgeRequestInit | undefined): AbortSignal | null {
  const ms = option("timeout", init?.timeout, (value) => value === 0 || isPositiveNumber(value), "a non-negative number of milliseconds");
  const signal = init?.signal == null && !(input instanceof Request) ? null : request.signal;
  if (ms === undefined) return signal;
  const timeout = AbortSignal.timeout(ms);
  return signal === null ? timeout : AbortSignal.any([signal, timeout]);
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | null, onAbort: () => void): Promise<T> {
  if (signal === null) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort();
      reject(signal.reason);
    };
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/** Call ids need only be unique on their connection's private port. */
let lastCallId = 0;
