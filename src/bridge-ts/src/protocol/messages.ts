// The wire protocol between bridge.js (in the site's page) and the relay (in a frame on the service's origin).
// This is the single definition of the messages: the client and the relay both import it.
//
// Handshake, over window.postMessage with exact origins on both sides:
//   client -> relay   hello     the versions the client speaks, whether it takes transferred streams, and (from a
//                               frame) an offer to go on over the two windows
//   relay  -> client  ready     the version both use (`v`), and transfers the MessagePort all later traffic uses;
//                               or, taking the offer for a frame of the page's own site, says `window` and the two
//                               windows carry it (window-port.ts)
//   relay  -> client  refused   origin not allowed, version mismatch
// From version 5 a frame's parent does not wait for ready to make its first calls: it posts them to the relay's
// window right after the hello (copied, not transferred; `v` the highest version it speaks), and the relay's session
// takes them as if they had come over the port. A relay that chose an older version has ignored them: they go again.
// Then, over the private MessagePort or the windows (ids chosen by the client, a counter: the channel is private):
//   client -> relay   request   a fetch to make
//   client -> relay   abort     the caller aborted before the response: the relay aborts its fetch
//   relay  -> client  response  status and headers; the body inline (a small one, whole), a transferred
//                               ReadableStream, or (chunked) it follows
//   relay  -> client  failure   the request was refused or failed; after a chunked response, the body failed
//   client -> relay   pull      chunked bodies: the caller wants one chunk more (so memory stays bounded); from
//                               version 4 the response comes with credit for the first CHUNK_WINDOW chunks
//   relay  -> client  chunk     chunked bodies: the next bytes
//   relay  -> client  end       chunked bodies: no more bytes
//   client -> relay   cancel    the caller cancelled the body: the relay cancels its fetch's body
//   client -> relay   ping      liveness, while calls are pending
//   relay  -> client  pong
//   relay  -> client  closing   the relay document is going away (reload, navigation)

export const PROTOCOL_NAMESPACE = "bridge";
export const PROTOCOL_VERSION = 5;

/**
 * The protocol versions this build speaks, lowest first. Sites bundle one client and services upgrade their relay on
 * their own schedule, so the handshake negotiates: the hello lists these (`versions`), the relay answers `ready` with
 * the highest version both speak, and a relay keeps speaking the previous version for at least one release
 * (docs/releases.md). The hello itself always says `v: 1`, since relays before negotiation refuse any other.
 */
export const SUPPORTED_VERSIONS: readonly number[] = [1, 2, 3, 4, PROTOCOL_VERSION];

/**
 * Version 2 adds the storage-access error codes, the only difference on the wire. A version 1 client reads an unknown
 * code as a malformed message, so a relay speaking version 1 says credentials-not-allowed instead (wireCode).
 */
export const STORAGE_ACCESS_VERSION = 2;

/** Version 3 adds small response bodies inline, whole, as an ArrayBuffer in the response message. */
export const INLINE_BODY_VERSION = 3;

/**
 * Version 4: a chunked response comes with credit for its first CHUNK_WINDOW chunks, which the relay sends unasked,
 * and each pull asks for one more. Before, the caller asked for each chunk, the first ones too: a round trip, and for
 * a small body that streams a window of pulls where one or two chunks come.
 */
export const CHUNK_CREDIT_VERSION = 4;

// Version 5: a frame's relay takes the parent's first calls from its window, posted before the parent heard ready.
// They carry the highest version the parent speaks; a relay that chose another has ignored them, and they go again
// over the port. The first call on a page then waits for one message each way besides its own, not two: at a page's
// load, where both renderers are busy, the ready and the request after it took 3 to 25 ms (Chromium, across sites).
// Nothing else changed on the wire, so the version's only use is that rule.

/**
 * Chunks of a chunked body asked for (or, from version 4, credited) and not yet read: enough to keep the relay busy
 * while the caller reads, few enough to hold. Eight rather than four: in four paired benchmark runs a 16 MiB download
 * ran 5 to 8 % faster by the median in both engines and both site setups, and sixteen gained nothing more.
 */
export const CHUNK_WINDOW = 8;

/** The `v` of every hello, whatever versions it lists. */
export const HELLO_VERSION = 1;

/** The highest version in both lists, or null when they share none. */
export function negotiateVersion(ours: readonly number[], theirs: readonly number[]): number | null {
  let best: number | null = null;
  for (const version of theirs) if (ours.includes(version) && (best === null || version > best)) best = version;
  return best;
}

/** "version 1", "versions 1 to 3" or "versions 1, 3": for the version-mismatch message naming both ranges. */
export function describeVersions(versions: readonly number[]): string {
  const sorted = [...versions].sort((a, b) => a - b);
  if (sorted.length === 1) return `version ${sorted[0]}`;
  const contiguous = sorted.every((version, index) => index === 0 || version === sorted[index - 1]! + 1);
  return contiguous ? `versions ${sorted[0]} to ${sorted[sorted.length - 1]}` : `versions ${sorted.join(", ")}`;
}

/** Error codes shared by both sides. Values are stable: callers switch on them. */
export const ErrorCode = {
  /** The relay's frame loaded but nothing answered the handshake. */
  RelayUnanswered: "relay-unanswered",
  /** The relay did not load or answer within the handshake timeout. */
  HandshakeTimeout: "handshake-timeout",
  /** The service's relay refused the page's origin. */
  OriginNotAllowed: "origin-not-allowed",
  /** The two sides speak different protocol versions. */
  VersionMismatch: "version-mismatch",
  /** The URL is not on the relay's origin. */
  TargetNotAllowed: "target-not-allowed",
  /** The service's policy does not allow this path for the page's origin. */
  PathNotAllowed: "path-not-allowed",
  /** The service's policy does not allow this method for the page's origin. */
  MethodNotAllowed: "method-not-allowed",
  /** The service's policy does not allow a request header the page set. */
  HeaderNotAllowed: "header-not-allowed",
  /** The page asked for credentials: "include" and the service's policy does not allow its cookies. */
  CredentialsNotAllowed: "credentials-not-allowed",
  /** The request or response body is larger than the service's policy allows. */
  TooLarge: "too-large",
  /** The relay's own fetch failed (network error, integrity mismatch, redirect refused, ...). */
  NetworkError: "network-error",
  /** The relay answered with a message this bridge.js could not use. */
  ProtocolError: "protocol-error",
  /** The relay frame went away (removed, reloaded, navigated, crashed) while calls were pending. */
  RelayLost: "relay-lost",
  /** The relay was closed by the page. */
  RelayClosed: "relay-closed",
  /** A credentialed call from a frame that cannot see the service's cookies (another site, no storage access). */
  StorageAccessRequired: "storage-access-required",
  /** As storage-access-required, and the user or the browser has denied the service storage access. */
  StorageAccessDenied: "storage-access-denied",
  /** The interactive connection's popup was not opened: not called from a click, or the browser blocks popups. */
  PopupBlocked: "popup-blocked",
  /** The user closed the interactive connection's popup before its calls were answered. */
  PopupClosed: "popup-closed",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

interface Envelope<T extends string> {
  readonly ns: typeof PROTOCOL_NAMESPACE;
  readonly v: number;
  readonly type: T;
}

interface Addressed<T extends string> extends Envelope<T> {
  readonly id: string;
}

export interface HelloMessage extends Envelope<"hello"> {
  /** False asks the relay to send bodies as chunk messages instead of transferring streams. */
  readonly streams: boolean;
  /** The versions the client speaks. A hello without it (a client before negotiation) speaks its `v` alone. */
  readonly versions: readonly number[];
  /**
   * True offers the session over the two windows' postMessage instead of a port (window-port.ts): the relay is a
   * frame of the page's own site. Relays before it read no such field and answer with a port.
   */
  readonly window?: true;
}

/**
 * Its `v` is the version the relay chose; the port it transfers carries everything after it, or, when `window` is
 * true (only ever in answer to a hello that offered it), the two windows do.
 */
export interface ReadyMessage extends Envelope<"ready"> {
  readonly window?: true;
}

export interface RefusedMessage extends Envelope<"refused"> {
  readonly code: ErrorCode;
  readonly message: string;
}

export type HeaderList = ReadonlyArray<readonly [string, string]>;

export type CredentialsMode = "omit" | "include";

export interface RequestMessage extends Addressed<"request"> {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body: ArrayBuffer | null;
  readonly credentials: CredentialsMode;
  readonly redirect: RequestRedirect;
  readonly cache: RequestCache;
  readonly integrity: string;
  readonly referrerPolicy: ReferrerPolicy;
  readonly keepalive: boolean;
}

export interface AbortMessage extends Addressed<"abort"> {}

export interface ResponseMessage extends Addressed<"response"> {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderList;
  readonly url: string;
  readonly redirected: boolean;
  /**
   * The body as a transferred stream, whole as an ArrayBuffer (version 3, a small body the relay had read when its
   * headers came), or null when there is none or it follows as chunk messages.
   */
  readonly body: ReadableStream<Uint8Array> | ArrayBuffer | null;
  readonly chunked: boolean;
}

/** Instead of a response: the request was refused or failed. After a chunked response: its body failed. */
export interface FailureMessage extends Addressed<"failure"> {
  readonly code: ErrorCode;
  readonly message: string;
}

export interface PullMessage extends Addressed<"pull"> {}

export interface ChunkMessage extends Addressed<"chunk"> {
  readonly data: ArrayBuffer;
}

export interface EndMessage extends Addressed<"end"> {}

export interface CancelMessage extends Addressed<"cancel"> {}

export interface PingMessage extends Addressed<"ping"> {}

export interface PongMessage extends Addressed<"pong"> {}

export interface ClosingMessage extends Envelope<"closing"> {}

/** Everything the client sends the relay: the hello through the relay's window, the rest over the port. */
export type ClientToRelay = HelloMessage | RequestMessage | AbortMessage | PullMessage | CancelMessage | PingMessage;

/** Everything the relay sends the client: ready and refused through the client's window, the rest over the port. */
export type RelayToClient =
  | ReadyMessage
  | RefusedMessage
  | ResponseMessage
  | FailureMessage
  | ChunkMessage
  | EndMessage
  | PongMessage
  | ClosingMessage;

type AddressedType = Extract<ClientToRelay | RelayToClient, { readonly id: string }>["type"];
type UnaddressedType = Exclude<(ClientToRelay | RelayToClient)["type"], AddressedType>;

/**
 * The port between the two sides as one side holds it (a MessagePort, or the other window: window-port.ts): it posts
 * only the messages of that side's direction, so a message the protocol does not have does not compile.
 */
export interface ProtocolPort<Out> {
  postMessage(message: Out, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  /** Starts delivering what arrives to the listener. */
  start(): void;
  /** Ends the session on this side: nothing more is heard. */
  close(): void;
}

export type PortToRelay = ProtocolPort<ClientToRelay>;
export type PortToClient = ProtocolPort<RelayToClient>;

/** A message of `type` in version `v` (the session's negotiated version; this build's own by default). */
export function envelope<T extends UnaddressedType>(type: T, v = PROTOCOL_VERSION): Envelope<T> {
  return { ns: PROTOCOL_NAMESPACE, v, type };
}

export function addressed<T extends AddressedType>(type: T, id: string, v = PROTOCOL_VERSION): Addressed<T> {
  return { ns: PROTOCOL_NAMESPACE, v, type, id };
}

/** The code a session of version `v` may carry: before version 2, storage-access codes go as credentials-not-allowed. */
export function wireCode(code: ErrorCode, v: number): ErrorCode {
  const storageAccess = code === ErrorCode.StorageAccessRequired || code === ErrorCode.StorageAccessDenied;
  return storageAccess && v < STORAGE_ACCESS_VERSION ? ErrorCode.CredentialsNotAllowed : code;
}
