import { ErrorCode } from "../protocol/messages.js";

export { ErrorCode };

/**
 * A failure of the bridge itself (as opposed to an HTTP error status, which resolves like fetch does). It is a plain
 * TypeError, as fetch's rejections are (constructor TypeError, name "TypeError"), with the bridge's detail as own
 * properties. Where fetch would have failed with a network error, the message is the engine's own network-error
 * message, so that retry logic written for fetch retries it; `describe(error)` gives the full explanation and its fix.
 */
export type BridgeError = TypeError & {
  readonly code: ErrorCode;
  /** The relay page the failure concerns. */
  readonly relayUrl: string;
};

/**
 * Marks a bridge error and holds its full explanation. Symbol.for keys are shared by every realm of the page, so a
 * bridge error made by another frame's bridge.js is recognised too, where instanceof would fail.
 */
const EXPLANATION = Symbol.for("bridge.error");

/**
 * The failures fetch itself would have met as a network error: the relay's own fetch failed, the service or its relay
 * could not be reached, or the relay went away mid-call (as a dropped connection would). Retrying them is what a
 * caller of fetch does. Refusals by the service's policy, a protocol mismatch, or the page closing the relay itself
 * (relay-closed: a deliberate act of the page, and a retry would reopen the relay it closed) are not.
 */
const NETWORK_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.NetworkError,
  ErrorCode.RelayUnanswered,
  ErrorCode.HandshakeTimeout,
  ErrorCode.RelayLost,
]);

export function isNetworkFailure(code: ErrorCode): boolean {
  return NETWORK_FAILURES.has(code);
}

/** Makes a bridge error: a TypeError with `message`, its code, relay URL and explanation, and `cause` if given. */
export function bridgeError(
  code: ErrorCode,
  relayUrl: string,
  message: string,
  explanation: string,
  cause?: unknown,
): BridgeError {
  // No options, no cause property: as fetch's own TypeErrors, which have none.
  const error = new TypeError(message, cause === undefined ? undefined : { cause });
  Object.defineProperties(error, {
    code: { value: code, enumerable: true },
    relayUrl: { value: relayUrl, enumerable: true },
    [EXPLANATION]: { value: explanation },
  });
  return error as BridgeError;
}

/** True for a bridge error from any realm (another frame's bridge.js included). */
export function isBridgeError(value: unknown): value is BridgeError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { code?: unknown; relayUrl?: unknown; [EXPLANATION]?: unknown };
  return (
    typeof candidate[EXPLANATION] === "string" &&
    typeof candidate.code === "string" &&
    Object.hasOwn(EXPLANATIONS, candidate.code) &&
    typeof candidate.relayUrl === "string"
  );
}

/**
 * What went wrong and how to fix it: for a bridge error its full explanation (its message too, except for network
 * failures, whose message is the engine's own); for anything else its name and message.
 */
export function describe(error: unknown): string {
  if (isBridgeError(error)) return (error as unknown as Record<typeof EXPLANATION, string>)[EXPLANATION];
  if (typeof error === "object" && error !== null && "message" in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return `${String(name ?? "Error")}: ${String(message)}`;
  }
  return String(error);
}

/**
 * The message this engine's fetch rejects with for a network error ("Failed to fetch" in Chromium, "NetworkError when
 * attempting to fetch resource." in Firefox, "Load failed" in WebKit), asked of the engine itself rather than guessed
 * from the user agent: a table keyed by engine sniffing breaks when an engine rewords it or a browser masquerades.
 * The probe fetches a revoked blob: URL, which fails in every engine without any network traffic. A page whose CSP
 * connect-src leaves out blob: refuses the probe instead, and engines reject a fetch refused by CSP with the same
 * network-error message (they must not tell the two apart to a page), so the answer is the same; such a page does
 * log one CSP violation, on its first failure only. Asked on the first network failure, then cached.
 */
let networkMessage: string | undefined;
/** The engine's fetch as bridge.js found it: a page that later puts bridge.fetch in its place must not be probed. */
const engineFetch = globalThis.fetch;
let probe: Promise<string> | undefined;

/** Fallback when the probe cannot say: the message of the engine most pages run in. */
const FALLBACK_NETWORK_MESSAGE = "Failed to fetch";

/** The engine's network-error message if already known: no wait. */
export function knownNetworkMessage(): string | undefined {
  return networkMessage;
}

export function engineNetworkMessage(): Promise<string> {
  probe ??= probeNetworkMessage().then((message) => (networkMessage = message));
  return probe;
}

async function probeNetworkMessage(): Promise<string> {
  const url = URL.createObjectURL(new Blob());
  URL.revokeObjectURL(url);
  try {
    const response = await engineFetch.call(globalThis, url);
    await response.body?.cancel();
  } catch (error) {
    if (error instanceof TypeError && error.message !== "") return error.message;
  }
  return FALLBACK_NETWORK_MESSAGE;
}

/**
 * The engine's network-error message out of the relay's account of its own fetch's failure: the relay runs in this
 * same engine and reports "TypeError: <message>" (after its own words, where it has any). Undefined when the failure
 * was no TypeError, so not the engine's network error.
 */
export function relayedNetworkMessage(relayMessage: string): string | undefined {
  const marker = "TypeError: ";
  const at = relayMessage.indexOf(marker);
  return at < 0 ? undefined : relayMessage.slice(at + marker.length);
}

/**
 * Each code's cause and fix, in short: the README's table "Error codes" explains each at length, and every
 * explanation points to its row. After "the relay <URL> ": "$" stands for the page's origin, "@" for the detail.
 */
const REFUSED = "refused the request from $@. Nothing was sent to the service: change it, or allow it in Bridge:Relay:Sites";
const INTERACTIVE = "bridge.connect(service, { interactive: true }) in a click handler";
const NO_COOKIES = "cannot see the service's cookies under $@. Nothing was sent: call through " + INTERACTIVE;
const EXPLANATIONS: Readonly<Record<ErrorCode, string>> = {
  // A frame refused by frame-ancestors cannot be told from a service that is down: both causes are named.
  "relay-unanswered": "loaded but did not answer@: the service is down, or its frame-ancestors refused $ (allow it in Bridge:Relay:Sites)",
  "handshake-timeout": "did not answer in time@: check that the service is up and allows $ in Bridge:Relay:Sites",
  "origin-not-allowed": "refused $@: allow $ in Bridge:Relay:Sites",
  "version-mismatch": "shares no protocol version with bridge.js@: load bridge.js from the service",
  "target-not-allowed": "refused the request@: call URLs on its origin only",
  "path-not-allowed": REFUSED,
  "method-not-allowed": REFUSED,
  "header-not-allowed": REFUSED,
  "credentials-not-allowed": REFUSED,
  "too-large": "refused a body too large for $@: send or ask for less, or raise the limit in Bridge:Relay:Sites",
  "network-error": "could not complete the request@: retry, or check the service",
  "protocol-error": "sent a message bridge.js cannot read@: load bridge.js from the service",
  "relay-lost": "went away before the answer came@. Retry: the next call opens a new relay",
  "relay-closed": "was closed by this page before the answer came: close it once its calls are done",
  "storage-access-required": NO_COOKIES,
  "storage-access-denied": NO_COOKIES,
  "popup-blocked": "could not open its popup (blocked): call " + INTERACTIVE + ", before any await",
  "popup-closed": "was closed (its popup) before the answer came@: click again to retry",
};

/** The explanation of `code`: what happened, at which relay, what to do about it, and where to read more. */
export function explain(code: ErrorCode, relayUrl: string, pageOrigin: string, detail?: string): string {
  const suffix =
    (detail ? ` (${detail})` : "") + (detail?.startsWith("the request body") ? ". Nothing was sent to the service" : "");
  // A function, so that "$&" and the like in the relay's detail stay as they are.
  const text = EXPLANATIONS[code].replace(/[$@]/g, (mark) => (mark === "$" ? pageOrigin : suffix));
  return `Bridge: the relay ${relayUrl} ${text} (see README: Error codes, ${code}).`;
}

/**
 * Puts the full explanation of a network failure in the console, once per failed call, as the browser logs its own
 * network errors: the message the caller gets is only the engine's own words.
 */
export function warnOfNetworkFailure(error: unknown): void {
  if (isBridgeError(error) && isNetworkFailure(error.code)) console.warn(describe(error));
}
