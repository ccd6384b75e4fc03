// Validation of every received message. Each reader takes untrusted data (whatever another window posted) and
// returns a well-typed message or null. Readers look only at the object's own data properties, never merge the
// data into other objects, and bound every size, so a hostile sender cannot pollute prototypes or exhaust memory.

import {
  ErrorCode,
  PROTOCOL_NAMESPACE,
  type AbortMessage,
  type CredentialsMode,
  type FailureMessage,
  type HeaderList,
  type RedirectMode,
  type RefusedMessage,
  type RequestMessage,
  type ResponseMessage,
} from "./messages.js";

export const Limits = {
  idLength: 64,
  methodLength: 32,
  urlLength: 16 * 1024,
  headerCount: 256,
  headerNameLength: 256,
  headerValueLength: 16 * 1024,
  statusTextLength: 1024,
  messageLength: 4 * 1024,
} as const;

type Fields = Readonly<Record<string, unknown>>;

/** The parts every message shares. `v` is returned, not checked, so that a version mismatch can be reported. */
export interface EnvelopeInfo {
  readonly v: number;
  readonly type: string;
  readonly fields: Fields;
}

export function readEnvelope(data: unknown): EnvelopeInfo | null {
  if (!isPlainRecord(data)) return null;
  const ns = own(data, "ns");
  const v = own(data, "v");
  const type = own(data, "type");
  if (ns !== PROTOCOL_NAMESPACE) return null;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) return null;
  if (typeof type !== "string" || type.length > 32) return null;
  return { v, type, fields: data };
}

export function readRefused(fields: Fields): RefusedMessage | null {
  const code = readCode(own(fields, "code"));
  const message = readString(own(fields, "message"), Limits.messageLength);
  if (code === null || message === null) return null;
  return { ns: PROTOCOL_NAMESPACE, v: fields["v"] as number, type: "refused", code, message };
}

export function readRequest(fields: Fields): RequestMessage | null {
  const id = readString(own(fields, "id"), Limits.idLength);
  const method = readString(own(fields, "method"), Limits.methodLength);
  const url = readString(own(fields, "url"), Limits.urlLength);
  const headers = readHeaders(own(fields, "headers"));
  const rawBody = own(fields, "body");
  const credentials = own(fields, "credentials");
  const redirect = own(fields, "redirect");
  if (id === null || id === "" || method === null || url === null || headers === null) return null;
  if (rawBody !== null && !(rawBody instanceof ArrayBuffer)) return null;
  if (!isCredentials(credentials) || !isRedirect(redirect)) return null;
  return {
    ns: PROTOCOL_NAMESPACE,
    v: fields["v"] as number,
    type: "request",
    id,
    method,
    url,
    headers,
    body: rawBody,
    credentials,
    redirect,
  };
}

export function readAbort(fields: Fields): AbortMessage | null {
  const id = readString(own(fields, "id"), Limits.idLength);
  if (id === null) return null;
  return { ns: PROTOCOL_NAMESPACE, v: fields["v"] as number, type: "abort", id };
}

export function readResponse(fields: Fields): ResponseMessage | null {
  const id = readString(own(fields, "id"), Limits.idLength);
  const status = own(fields, "status");
  const statusText = readString(own(fields, "statusText"), Limits.statusTextLength);
  const headers = readHeaders(own(fields, "headers"));
  const url = readString(own(fields, "url"), Limits.urlLength);
  const redirected = own(fields, "redirected");
  const body = own(fields, "body");
  if (id === null || statusText === null || headers === null || url === null) return null;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 0 || status > 599) return null;
  if (typeof redirected !== "boolean") return null;
  if (body !== null && !(body instanceof ReadableStream)) return null;
  return {
    ns: PROTOCOL_NAMESPACE,
    v: fields["v"] as number,
    type: "response",
    id,
    status,
    statusText,
    headers,
    url,
    redirected,
    body,
  };
}

export function readFailure(fields: Fields): FailureMessage | null {
  const id = readString(own(fields, "id"), Limits.idLength);
  const code = readCode(own(fields, "code"));
  const message = readString(own(fields, "message"), Limits.messageLength);
  if (id === null || code === null || message === null) return null;
  return { ns: PROTOCOL_NAMESPACE, v: fields["v"] as number, type: "failure", id, code, message };
}

function isPlainRecord(value: unknown): value is Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  // Structured clone yields plain objects; anything else (a proxy-like host object, a class instance) is refused.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function own(record: Fields, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(record, key)) return undefined;
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
  if (!Array.isArray(value) || value.length > Limits.headerCount) return null;
  const headers: Array<readonly [string, string]> = [];
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const name = readString(pair[0], Limits.headerNameLength);
    const headerValue = readString(pair[1], Limits.headerValueLength);
    if (name === null || headerValue === null) return null;
    headers.push([name, headerValue]);
  }
  return headers;
}

function isCredentials(value: unknown): value is CredentialsMode {
  return value === "omit" || value === "include";
}

function isRedirect(value: unknown): value is RedirectMode {
  return value === "follow" || value === "error" || value === "manual";
}
