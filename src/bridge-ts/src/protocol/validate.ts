// Validation of every received message: one reader per direction, each taking untrusted data (whatever another
// window posted) and returning a message of its direction, a Malformed, or null. Readers look only at the object's
// own data properties, never merge the data into other objects, and bound every size, so a hostile sender cannot
// pollute prototypes or exhaust memory.

import {
  ErrorCode,
  INLINE_BODY_VERSION,
  PROTOCOL_NAMESPACE,
  type ClientToRelay,
  type CredentialsMode,
  type HeaderList,
  type RelayToClient,
} from "./messages.js";

// The bound on each field, as top-level constants, whose names a minifier shortens (an object's property names it
// cannot).
const ID_LENGTH = 64;
const METHOD_LENGTH = 32;
const URL_LENGTH = 16 * 1024;
const HEADER_COUNT = 256;
const HEADER_NAME_LENGTH = 256;
const HEADER_VALUE_LENGTH = 16 * 1024;
const STATUS_TEXT_LENGTH = 1024;
const MESSAGE_LENGTH = 4 * 1024;
const INTEGRITY_LENGTH = 1024;

/** The bounds, for the tests. */
export const Limits = {
  idLength: ID_LENGTH,
  methodLength: METHOD_LENGTH,
  urlLength: URL_LENGTH,
  headerCount: HEADER_COUNT,
  headerNameLength: HEADER_NAME_LENGTH,
  headerValueLength: HEADER_VALUE_LENGTH,
  statusTextLength: STATUS_TEXT_LENGTH,
  messageLength: MESSAGE_LENGTH,
  integrityLength: INTEGRITY_LENGTH,
} as const;

type Fields = Readonly<Record<string, unknown>>;

/**
 * A message in the protocol's envelope that is not one its reader's direction has, or whose fields do not validate.
 * It keeps the type it claimed and its id where that is valid: a malformed answer to a call can fail that call rather
 * than leave it waiting.
 */
export interface Malformed {
  readonly type: "malformed";
  readonly v: number;
  readonly claimed: string;
  readonly id: string | null;
}

/**
 * What the relay reads from its parent: a hello through its window, the rest over the session's port (a MessagePort
 * or the windows). `v` is the sender's, not checked, so that a version mismatch can be reported.
 */
export function readClientMessage(data: unknown): ClientToRelay | Malformed | null {
  return read(data, (v, type, fields): ClientToRelay | null => {
    switch (type) {
      case "hello": {
        const streams = own(fields, "streams");
        const listed = own(fields, "versions");
        // A client before negotiation lists no versions: it speaks its `v` alone.
        const versions = readVersions(listed === undefined ? [v] : listed);
        if (typeof streams !== "boolean" || versions === null) return null;
        return { ns: PROTOCOL_NAMESPACE, v, type, streams, versions, ...overWindows(fields) };
      }
      case "request":
        return readRequest(v, fields);
      case "abort":
      case "pull":
      case "cancel":
      case "ping": {
        const id = readId(fields);
        return id === null ? null : { ns: PROTOCOL_NAMESPACE, v, type, id };
      }
    }
    return null;
  });
}

/**
 * What bridge.js reads from the relay: ready or refused through its window, the rest over the port. `v` is the
 * sender's, not checked, so that a version mismatch can be reported.
 */
export function readRelayMessage(data: unknown): RelayToClient | Malformed | null {
  return read(data, (v, type, fields): RelayToClient | null => {
    switch (type) {
      case "ready":
        return { ns: PROTOCOL_NAMESPACE, v, type, ...overWindows(fields) };
      case "closing":
        return { ns: PROTOCOL_NAMESPACE, v, type };
      case "refused": {
        const account = readAccount(fields);
        return account && { ns: PROTOCOL_NAMESPACE, v, type, ...account };
      }
      case "failure": {
        const id = readId(fields);
        const account = readAccount(fields);
        return id === null || account === null ? null : { ns: PROTOCOL_NAMESPACE, v, type, id, ...account };
      }
      case "response":
        return readResponse(v, fields);
      case "chunk": {
        const id = readId(fields);
        const data = own(fields, "data");
        if (id === null || !(data instanceof ArrayBuffer)) return null;
        return { ns: PROTOCOL_NAMESPACE, v, type, id, data };
      }
      case "end":
      case "pong": {
        const id = readId(fields);
        return id === null ? null : { ns: PROTOCOL_NAMESPACE, v, type, id };
      }
    }
    return null;
  });
}

/** The envelope every message shares, then the direction's own reading of its type and fields. */
function read<M>(data: unknown, readType: (v: number, type: string, fields: Fields) => M | null): M | Malformed | null {
  if (!isPlainRecord(data)) return null;
  const ns = own(data, "ns");
  const v = own(data, "v");
  const type = own(data, "type");
  if (ns !== PROTOCOL_NAMESPACE) return null;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) return null;
  if (typeof type !== "string" || type.length > 32) return null;
  return readType(v, type, data) ?? { type: "malformed", v, claimed: type, id: readId(data) };
}

/** A hello's offer of the windows, or a ready's taking it up: `window: true` exactly; anything else is no. */
function overWindows(fields: Fields): { readonly window?: true } {
  return own(fields, "window") === true ? { window: true } : {};
}

/** A hello's `versions`: a plain array of 1 to 16 positive safe integers. */
function readVersions(value: unknown): number[] | null {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return null;
  if (value.length < 1 || value.length > 16) return null;
  const versions: number[] = [];
  for (let index = 0; index < value.length; index++) {
    const version = own(value as unknown as Fields, String(index));
    if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) return null;
    versions.push(version);
  }
  return versions;
}

function readId(fields: Fields): string | null {
  const id = readString(own(fields, "id"), ID_LENGTH);
  return id === null || id === "" ? null : id;
}

/** What a refusal or a failure says: its code and message. */
function readAccount(fields: Fields): { readonly code: ErrorCode; readonly message: string } | null {
  const code = readCode(own(fields, "code"));
  const message = readString(own(fields, "message"), MESSAGE_LENGTH);
  return code === null || message === null ? null : { code, message };
}

function readRequest(v: number, fields: Fields): ClientToRelay | null {
  const id = readId(fields);
  const method = readString(own(fields, "method"), METHOD_LENGTH);
  const url = readString(own(fields, "url"), URL_LENGTH);
  const headers = readHeaders(own(fields, "headers"));
  const body = own(fields, "body");
  const credentials = own(fields, "credentials");
  const redirect = own(fields, "redirect");
  const cache = own(fields, "cache");
  const integrity = readString(own(fields, "integrity"), INTEGRITY_LENGTH);
  const referrerPolicy = own(fields, "referrerPolicy");
  const keepalive = own(fields, "keepalive");
  if (id === null || method === null || method === "" || url === null || headers === null) return null;
  if (body !== null && !(body instanceof ArrayBuffer)) return null;
  if (!isOneOf(credentials, credentialsModes) || !isOneOf(redirect, redirectModes)) return null;
  if (!isOneOf(cache, cacheModes) || !isOneOf(referrerPolicy, referrerPolicies)) return null;
  if (integrity === null || typeof keepalive !== "boolean") return null;
  return {
    ns: PROTOCOL_NAMESPACE,
    v,
    type: "request",
    id,
    method,
    url,
    headers,
    body,
    credentials,
    redirect,
    cache,
    integrity,
    referrerPolicy,
    keepalive,
  };
}

function readResponse(v: number, fields: Fields): RelayToClient | null {
  const id = readId(fields);
  const status = own(fields, "status");
  const statusText = readString(own(fields, "statusText"), STATUS_TEXT_LENGTH);
  const headers = readHeaders(own(fields, "headers"));
  const url = readString(own(fields, "url"), URL_LENGTH);
  const redirected = own(fields, "redirected");
  const body = own(fields, "body");
  const chunked = own(fields, "chunked");
  if (id === null || statusText === null || headers === null || url === null) return null;
  // 0 is an opaque redirect; a final response is 200 to 599 (fetch never hands out a 1xx, nor can a Response hold one).
  if (typeof status !== "number" || !Number.isInteger(status) || (status !== 0 && (status < 200 || status > 599))) return null;
  if (typeof redirected !== "boolean" || typeof chunked !== "boolean") return null;
  const inline = body instanceof ArrayBuffer && v >= INLINE_BODY_VERSION;
  if (body !== null && !(body instanceof ReadableStream) && !inline) return null;
  if (chunked && body !== null) return null;
  return {
    ns: PROTOCOL_NAMESPACE,
    v,
    type: "response",
    id,
    status,
    statusText,
    headers,
    url,
    redirected,
    body,
    chunked,
  };
}

function isPlainRecord(value: unknown): value is Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  // Structured clone yields plain objects; anything else (a proxy-like host object, a class instance) is refused.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function own(record: Fields, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(record, key);
  return descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
}

function readString(value: unknown, maxLength: number): string | null {
  return typeof value === "string" && value.length <= maxLength ? value : null;
}

const knownCodes: ReadonlySet<string> = new Set(Object.values(ErrorCode));

function readCode(value: unknown): ErrorCode | null {
  return typeof value === "string" && knownCodes.has(value) ? (value as ErrorCode) : null;
}

function readHeaders(value: unknown): HeaderList | null {
  if (!Array.isArray(value) || value.length > HEADER_COUNT) return null;
  const headers: Array<readonly [string, string]> = [];
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const name = readString(pair[0], HEADER_NAME_LENGTH);
    const headerValue = readString(pair[1], HEADER_VALUE_LENGTH);
    if (name === null || headerValue === null) return null;
    headers.push([name, headerValue]);
  }
  return headers;
}

const credentialsModes: ReadonlySet<CredentialsMode> = new Set(["omit", "include"]);
const redirectModes: ReadonlySet<RequestRedirect> = new Set(["follow", "error", "manual"]);
// Not "only-if-cached": fetch takes it only in same-origin mode, so no page's own fetch can ask for it, and through
// the relay it would tell a page what the service's origin has in the user's cache.
const cacheModes: ReadonlySet<RequestCache> = new Set(["default", "no-store", "reload", "no-cache", "force-cache"]);
const referrerPolicies: ReadonlySet<ReferrerPolicy> = new Set([
  "",
  "no-referrer",
  "no-referrer-when-downgrade",
  "same-origin",
  "origin",
  "strict-origin",
  "origin-when-cross-origin",
  "strict-origin-when-cross-origin",
  "unsafe-url",
]);

function isOneOf<T extends string>(value: unknown, allowed: ReadonlySet<T>): value is T {
  return typeof value === "string" && allowed.has(value as T);
}
