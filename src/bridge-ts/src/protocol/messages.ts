// The wire protocol between bridge.js (in the site's page) and the relay (in a frame on the service's origin).
// This is the single definition of the messages: the client and the relay both import it.
//
// Handshake, over window.postMessage with exact origins on both sides:
//   client -> relay   hello     (the client's protocol version)
//   relay  -> client  ready     (transfers the MessagePort all later traffic uses)
//   relay  -> client  refused   (origin not allowed, version mismatch, ...)
// Then, over the private MessagePort:
//   client -> relay   request
//   client -> relay   abort     (the caller aborted: the relay aborts its fetch)
//   relay  -> client  response  (the body travels as a transferred ReadableStream)
//   relay  -> client  failure   (the request could not be made or was refused)

export const PROTOCOL_NAMESPACE = "bridge";
export const PROTOCOL_VERSION = 1;

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
  /** The request left the relay's origin or is otherwise not something the relay makes. */
  TargetNotAllowed: "target-not-allowed",
  /** The relay's own fetch failed (network error, CORS-like refusal inside the relay, ...). */
  NetworkError: "network-error",
  /** The relay answered with a message the client could not use. */
  ProtocolError: "protocol-error",
  /** The relay frame went away (removed, reloaded, navigated) while calls were pending. */
  RelayLost: "relay-lost",
  /** The relay was closed by the page. */
  RelayClosed: "relay-closed",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

interface Envelope<T extends string> {
  readonly ns: typeof PROTOCOL_NAMESPACE;
  readonly v: number;
  readonly type: T;
}

export interface HelloMessage extends Envelope<"hello"> {}

export interface ReadyMessage extends Envelope<"ready"> {}

export interface RefusedMessage extends Envelope<"refused"> {
  readonly code: ErrorCode;
  readonly message: string;
}

export type HeaderList = ReadonlyArray<readonly [string, string]>;

export type CredentialsMode = "omit" | "include";
export type RedirectMode = "follow" | "error" | "manual";

export interface RequestMessage extends Envelope<"request"> {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body: ArrayBuffer | null;
  readonly credentials: CredentialsMode;
  readonly redirect: RedirectMode;
}

export interface AbortMessage extends Envelope<"abort"> {
  readonly id: string;
}

export interface ResponseMessage extends Envelope<"response"> {
  readonly id: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderList;
  readonly url: string;
  readonly redirected: boolean;
  readonly body: ReadableStream<Uint8Array> | null;
}

export interface FailureMessage extends Envelope<"failure"> {
  readonly id: string;
  readonly code: ErrorCode;
  readonly message: string;
}

export type WindowMessage = HelloMessage | ReadyMessage | RefusedMessage;
export type PortMessage = RequestMessage | AbortMessage | ResponseMessage | FailureMessage;

export function envelope<T extends string>(type: T): Envelope<T> {
  return { ns: PROTOCOL_NAMESPACE, v: PROTOCOL_VERSION, type };
}
