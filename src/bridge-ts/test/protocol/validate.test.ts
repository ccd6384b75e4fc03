// Unit tests for protocol/validate: the reader of each direction (readClientMessage, what the relay reads from its
// parent; readRelayMessage, what bridge.js reads from the relay) on valid, malformed and hostile input, plus a seeded
// fuzz loop.

import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import vm from "node:vm";

import { ErrorCode, PROTOCOL_NAMESPACE, type ClientToRelay, type RelayToClient } from "../../src/protocol/messages.js";
import { Limits, readClientMessage, readRelayMessage, type Malformed } from "../../src/protocol/validate.js";

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

/** Untrusted message data, as the readers take it. */
type Fields = Readonly<Record<string, unknown>>;
/** A message a test builds and changes. */
type Message = Record<string, unknown>;
/** A table row: what the case is called, and the value it gives. */
type ValueCase = readonly [name: string, value: unknown];
/** A table row: what the case is called, the field it changes, and the value it gives that field. */
type FieldCase = readonly [name: string, key: string, value: unknown];

const env = (type: string, extra: Message = {}): Message => ({ ns: "bridge", v: 1, type, ...extra });

const validHello = (): Message => env("hello", { streams: true });
const validRefused = (): Message => env("refused", { code: "origin-not-allowed", message: "not on the list" });
const validRequest = (): Message =>
  env("request", {
    id: "id-1",
    method: "POST",
    url: "https://api.example.com/api/orders",
    headers: [
      ["content-type", "application/json"],
      ["x-request-id", "42"],
    ],
    body: new ArrayBuffer(8),
    credentials: "omit",
    redirect: "follow",
    cache: "default",
    integrity: "",
    referrerPolicy: "",
    keepalive: false,
  });
const validResponse = (): Message =>
  env("response", {
    id: "id-1",
    status: 200,
    statusText: "OK",
    headers: [["content-type", "text/plain"]],
    url: "https://api.example.com/api/orders",
    redirected: false,
    body: null,
    chunked: true,
  });
const validFailure = (): Message => env("failure", { id: "id-1", code: "network-error", message: "failed" });
const validChunk = (): Message => env("chunk", { id: "id-1", data: new ArrayBuffer(4) });
const validPing = (): Message => env("ping", { id: "id-1" });

/** Copies a message and changes one field (undefined deletes it). */
function withField(message: Message, key: string, value: unknown): Message {
  const copy = { ...message };
  if (value === undefined) delete copy[key];
  else Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** An object with an own data property for each entry, including "__proto__", as structured clone and JSON.parse make. */
function record(entries: ReadonlyArray<readonly [string, unknown]>, proto: object | null = Object.prototype): Message {
  const object = Object.create(proto) as Message;
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

const allCodes: readonly ErrorCode[] = Object.values(ErrorCode);
const credentialsModes = ["omit", "include"];
const redirectModes = ["follow", "error", "manual"];
const cacheModes = ["default", "no-store", "reload", "no-cache", "force-cache"];
const referrerPolicies = [
  "",
  "no-referrer",
  "no-referrer-when-downgrade",
  "same-origin",
  "origin",
  "strict-origin",
  "origin-when-cross-origin",
  "strict-origin-when-cross-origin",
  "unsafe-url",
];

// ---------------------------------------------------------------------------------------------------------------
// What each receiver sees. `as(type)` reads data with the reader of the direction that type travels in, and gives
// the message when it is a valid one of that type, else null (a malformed message, or no message at all).

type ClientType = ClientToRelay["type"];
type RelayType = RelayToClient["type"];
type MessageType = ClientType | RelayType;
type MessageOf<T extends MessageType> = Extract<ClientToRelay | RelayToClient, { readonly type: T }>;
/** What either reader gives. */
type Read = ClientToRelay | RelayToClient | Malformed;
type Reader = (data: unknown) => Read | null;

// Each direction's types as a record, so that a type the protocol gains, and these tests do not cover, fails the build.
const clientDirection: Readonly<Record<ClientType, true>> = { hello: true, request: true, abort: true, pull: true, cancel: true, ping: true };
const relayDirection: Readonly<Record<RelayType, true>> = {
  ready: true,
  refused: true,
  response: true,
  failure: true,
  chunk: true,
  end: true,
  pong: true,
  closing: true,
};
const clientTypes = Object.keys(clientDirection) as readonly ClientType[];
const relayTypes = Object.keys(relayDirection) as readonly RelayType[];
const isClientType = (type: string): type is ClientType => Object.hasOwn(clientDirection, type);
const readerOf = (type: MessageType): Reader => (isClientType(type) ? readClientMessage : readRelayMessage);

function as<T extends MessageType>(type: T): (data: unknown) => MessageOf<T> | null {
  const read = readerOf(type);
  return (data) => {
    const message = read(data);
    return message !== null && message.type === type ? (message as MessageOf<T>) : null;
  };
}
const asHello = as("hello");
const asRefused = as("refused");
const asRequest = as("request");
const asResponse = as("response");
const asFailure = as("failure");
const asChunk = as("chunk");
/** The id of a message that carries nothing else, as the relay reads a ping's. */
const idOf = (data: unknown): string | null => as("ping")(data)?.id ?? null;

/** The type a message claimed: its own, or the one a malformed message said it was. */
const claimedType = (message: Read): string => (message.type === "malformed" ? message.claimed : message.type);

/**
 * The envelope both readers saw in `data` (its version and the type it claims), or null where they saw no message.
 * The envelope is the same whichever direction reads it.
 */
function envelopeOf(data: unknown): { readonly v: number; readonly type: string } | null {
  const fromClient = readClientMessage(data);
  const fromRelay = readRelayMessage(data);
  if (fromClient === null || fromRelay === null) {
    assert.equal(fromClient, fromRelay, "both readers see the same envelope");
    return null;
  }
  assert.equal(fromClient.v, fromRelay.v);
  assert.equal(claimedType(fromClient), claimedType(fromRelay));
  return { v: fromClient.v, type: claimedType(fromClient) };
}

/** Runs `test` with `key` set on Object.prototype, as on a polluted page, and takes it away again. */
function withPrototypeKey(key: string, value: unknown, test: () => void): void {
  Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
  try {
    test();
  } finally {
    Reflect.deleteProperty(Object.prototype, key);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Schema checks: a non-null result must have exactly the documented keys, with the documented types.

type Schema = (result: unknown, fields: Fields) => void;

const oneOf = (allowed: readonly unknown[], value: unknown): boolean => allowed.includes(value);

function isPositiveSafeInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}
function isBoundedString(value: unknown, max: number, min = 0): boolean {
  return typeof value === "string" && value.length >= min && value.length <= max;
}
function checkHeaderList(headers: unknown, source: unknown): void {
  assert.ok(Array.isArray(headers), "headers is an array");
  assert.ok(headers.length <= Limits.headerCount, "headers within the count limit");
  if (source !== undefined) assert.notEqual(headers, source, "headers is a copy, not the sender's array");
  headers.forEach((pair: unknown, index) => {
    assert.ok(Array.isArray(pair) && pair.length === 2, "each header is a pair");
    assert.equal(Object.getPrototypeOf(pair), Array.prototype);
    assert.ok(isBoundedString(pair[0], Limits.headerNameLength), "header name is a bounded string");
    assert.ok(isBoundedString(pair[1], Limits.headerValueLength), "header value is a bounded string");
    if (Array.isArray(source)) assert.notEqual(pair, source[index], "header pair is a copy");
  });
}
/** Checks the envelope and that the result has exactly these other keys; gives the result's fields. */
function checkEnvelopeKeys(result: unknown, type: string, keys: readonly string[]): Fields {
  assert.ok(typeof result === "object" && result !== null, "result is an object");
  assert.equal(Object.getPrototypeOf(result), Object.prototype, "result is a plain object");
  assert.deepEqual(Object.keys(result).sort(), ["ns", "type", "v", ...keys].sort(), `exact keys of a ${type} message`);
  for (const key of Object.keys(result)) {
    const descriptor = Object.getOwnPropertyDescriptor(result, key);
    assert.ok(descriptor !== undefined && "value" in descriptor, `${key} is a data property`);
  }
  const fields = result as Fields;
  assert.equal(fields["ns"], PROTOCOL_NAMESPACE);
  assert.equal(fields["type"], type);
  assert.ok(isPositiveSafeInteger(fields["v"]), "v is a positive safe integer");
  return fields;
}
/** The headers the sender's message held, to tell them apart from the reader's copy. */
const sentHeaders = (fields: Fields): unknown => Object.getOwnPropertyDescriptor(fields, "headers")?.value;

const checkId = (id: unknown): void => assert.ok(isBoundedString(id, Limits.idLength, 1), "id is a non-empty bounded string");
/** The schema of a message that carries an id and nothing else. */
const idOnly =
  (type: MessageType): Schema =>
  (result) =>
    checkId(checkEnvelopeKeys(result, type, ["id"])["id"]);
/** The schema of a message that is the envelope alone. */
const envelopeOnly =
  (type: MessageType): Schema =>
  (result) =>
    checkEnvelopeKeys(result, type, []);

/** A schema per message type, one for a malformed message, and one for an id alone. */
const schemas: Record<MessageType | "malformed" | "id", Schema> = {
  hello(result) {
    const hello = checkEnvelopeKeys(result, "hello", ["streams", "versions"]);
    assert.equal(typeof hello["streams"], "boolean");
    const versions = hello["versions"];
    assert.ok(Array.isArray(versions) && versions.length >= 1 && versions.length <= 16);
    assert.ok(versions.every(isPositiveSafeInteger), "versions are positive safe integers");
  },
  refused(result) {
    const refused = checkEnvelopeKeys(result, "refused", ["code", "message"]);
    assert.ok(oneOf(allCodes, refused["code"]), "a known error code");
    assert.ok(isBoundedString(refused["message"], Limits.messageLength));
  },
  id: checkId,
  request(result, fields) {
    const request = checkEnvelopeKeys(
      result,
      "request",
      ["id", "method", "url", "headers", "body", "credentials", "redirect", "cache", "integrity", "referrerPolicy", "keepalive"],
    );
    checkId(request["id"]);
    assert.ok(isBoundedString(request["method"], Limits.methodLength, 1));
    assert.ok(isBoundedString(request["url"], Limits.urlLength));
    checkHeaderList(request["headers"], sentHeaders(fields));
    assert.ok(request["body"] === null || request["body"] instanceof ArrayBuffer, "body is null or an ArrayBuffer");
    assert.ok(oneOf(credentialsModes, request["credentials"]));
    assert.ok(oneOf(redirectModes, request["redirect"]));
    assert.ok(oneOf(cacheModes, request["cache"]));
    assert.ok(isBoundedString(request["integrity"], Limits.integrityLength));
    assert.ok(oneOf(referrerPolicies, request["referrerPolicy"]));
    assert.equal(typeof request["keepalive"], "boolean");
  },
  response(result, fields) {
    const response = checkEnvelopeKeys(result, "response", ["id", "status", "statusText", "headers", "url", "redirected", "body", "chunked"]);
    const status = response["status"];
    checkId(response["id"]);
    assert.ok(typeof status === "number" && Number.isInteger(status) && (status === 0 || (status >= 200 && status <= 599)), "status 0 or in 200..599");
    assert.ok(isBoundedString(response["statusText"], Limits.statusTextLength));
    checkHeaderList(response["headers"], sentHeaders(fields));
    assert.ok(isBoundedString(response["url"], Limits.urlLength));
    assert.equal(typeof response["redirected"], "boolean");
    const body = response["body"];
    assert.ok(body === null || body instanceof ReadableStream || (body instanceof ArrayBuffer && (response["v"] as number) >= 3), "body is null, a stream or (v3) a buffer");
    assert.equal(typeof response["chunked"], "boolean");
    assert.ok(!(response["chunked"] === true && response["body"] !== null), "a chunked response has no stream body");
  },
  failure(result) {
    const failure = checkEnvelopeKeys(result, "failure", ["id", "code", "message"]);
    checkId(failure["id"]);
    assert.ok(oneOf(allCodes, failure["code"]));
    assert.ok(isBoundedString(failure["message"], Limits.messageLength));
  },
  chunk(result) {
    const chunk = checkEnvelopeKeys(result, "chunk", ["id", "data"]);
    checkId(chunk["id"]);
    assert.ok(chunk["data"] instanceof ArrayBuffer);
  },
  abort: idOnly("abort"),
  pull: idOnly("pull"),
  cancel: idOnly("cancel"),
  ping: idOnly("ping"),
  end: idOnly("end"),
  pong: idOnly("pong"),
  ready: envelopeOnly("ready"),
  closing: envelopeOnly("closing"),
  malformed(result) {
    assert.ok(typeof result === "object" && result !== null, "result is an object");
    assert.equal(Object.getPrototypeOf(result), Object.prototype, "result is a plain object");
    assert.deepEqual(Object.keys(result).sort(), ["claimed", "id", "type", "v"]);
    const malformed = result as Fields;
    assert.ok(isPositiveSafeInteger(malformed["v"]), "v is a positive safe integer");
    assert.ok(isBoundedString(malformed["claimed"], 32), "the claimed type is a bounded string");
    assert.ok(malformed["id"] === null || isBoundedString(malformed["id"], Limits.idLength, 1), "id is null or valid");
  },
};

/** Reads data as the receiver of each message type of the tables below; "id" reads a ping's id. */
const readers = {
  hello: asHello,
  refused: asRefused,
  id: idOf,
  request: asRequest,
  response: asResponse,
  failure: asFailure,
  chunk: asChunk,
} as const;
type ReaderName = keyof typeof readers;

/** The entries of a record whose keys are known, typed as such. */
const entriesOf = <K extends string, V>(record: Readonly<Record<K, V>>): Array<[K, V]> => Object.entries(record) as Array<[K, V]>;

// ---------------------------------------------------------------------------------------------------------------

describe("the envelope (both readers)", () => {
  it("accepts a plain object with ns, a positive safe-integer v and a short type", () => {
    assert.deepEqual(envelopeOf(validHello()), { v: 1, type: "hello" });
    assert.deepEqual(envelopeOf(validResponse()), { v: 1, type: "response" });
  });

  it("returns other versions instead of refusing them, so a mismatch can be reported", () => {
    assert.equal(envelopeOf(env("hello", { v: 2 }))?.v, 2);
    assert.equal(envelopeOf(env("hello", { v: Number.MAX_SAFE_INTEGER }))?.v, Number.MAX_SAFE_INTEGER);
  });

  it("accepts a null-prototype object (a plain record)", () => {
    const message = record(Object.entries(validHello()), null);
    assert.equal(envelopeOf(message)?.type, "hello");
  });

  it("accepts any type string up to 32 characters, refuses 33", () => {
    assert.equal(envelopeOf(env(""))?.type, "");
    assert.equal(envelopeOf(env("x".repeat(32)))?.type, "x".repeat(32));
    assert.equal(envelopeOf(env("x".repeat(33))), null);
    assert.equal(envelopeOf(env("x".repeat(1_000_000))), null);
  });

  const notObjects: ValueCase[] = [
    ["undefined", undefined],
    ["null", null],
    ["a string", "bridge"],
    ["a JSON string of a valid message", JSON.stringify({ ns: "bridge", v: 1, type: "hello" })],
    ["a number", 1],
    ["a boolean", true],
    ["a bigint", 1n],
    ["a symbol", Symbol("bridge")],
    ["a function", Object.assign(() => {}, { ns: "bridge", v: 1, type: "hello" })],
    ["an empty array", []],
    ["an array carrying the fields", Object.assign([], { ns: "bridge", v: 1, type: "hello" })],
    ["an ArrayBuffer", new ArrayBuffer(4)],
  ];
  for (const [name, value] of notObjects) {
    it(`refuses ${name}`, () => {
      assert.equal(envelopeOf(value), null);
    });
  }

  it("refuses objects whose prototype is not Object.prototype or null", () => {
    class Hello {
      ns = "bridge";
      v = 1;
      type = "hello";
    }
    const inherited: unknown = Object.create({ ns: "bridge", v: 1, type: "hello" });
    const ownFieldsOddProto: unknown = Object.assign(Object.create({ extra: 1 }) as object, { ns: "bridge", v: 1, type: "hello" });
    const otherRealm: unknown = vm.runInNewContext('({ ns: "bridge", v: 1, type: "hello" })');
    assert.equal(envelopeOf(inherited), null, "fields inherited from a prototype");
    assert.equal(envelopeOf(ownFieldsOddProto), null, "own fields, non-Object prototype");
    assert.equal(envelopeOf(new Hello()), null, "class instance");
    assert.equal(envelopeOf(Object.assign(new Date(), { ns: "bridge", v: 1, type: "hello" })), null, "Date");
    assert.equal(envelopeOf(Object.assign(new Map(), { ns: "bridge", v: 1, type: "hello" })), null, "Map");
    assert.equal(envelopeOf(otherRealm), null, "an object of another realm");
  });

  it("never runs a getter: an accessor ns, v or type is treated as missing", () => {
    for (const key of ["ns", "v", "type"]) {
      let calls = 0;
      const value = { ns: "bridge", v: 1, type: "hello" }[key];
      const message = validHello();
      Object.defineProperty(message, key, {
        enumerable: true,
        configurable: true,
        get() {
          calls++;
          return value;
        },
      });
      assert.equal(envelopeOf(message), null, `accessor ${key}`);
      assert.equal(calls, 0, `the ${key} getter was not called`);
    }
    const throwing = { v: 1, type: "hello" };
    Object.defineProperty(throwing, "ns", {
      enumerable: true,
      get() {
        throw new Error("getter ran");
      },
    });
    assert.equal(envelopeOf(throwing), null);
  });

  const badFields: Array<[string, Message]> = [
    ["ns missing", { v: 1, type: "hello" }],
    ["ns of another protocol", { ns: "Bridge", v: 1, type: "hello" }],
    ["ns a String object", { ns: new String("bridge"), v: 1, type: "hello" }],
    ["ns an array", { ns: ["bridge"], v: 1, type: "hello" }],
    ["v missing", { ns: "bridge", type: "hello" }],
    ["v a string", { ns: "bridge", v: "1", type: "hello" }],
    ["v zero", { ns: "bridge", v: 0, type: "hello" }],
    ["v negative", { ns: "bridge", v: -1, type: "hello" }],
    ["v fractional", { ns: "bridge", v: 1.5, type: "hello" }],
    ["v NaN", { ns: "bridge", v: NaN, type: "hello" }],
    ["v Infinity", { ns: "bridge", v: Infinity, type: "hello" }],
    ["v beyond safe integers", { ns: "bridge", v: 2 ** 53, type: "hello" }],
    ["v a bigint", { ns: "bridge", v: 1n, type: "hello" }],
    ["v a Number object", { ns: "bridge", v: new Number(1), type: "hello" }],
    ["v null", { ns: "bridge", v: null, type: "hello" }],
    ["type missing", { ns: "bridge", v: 1 }],
    ["type a number", { ns: "bridge", v: 1, type: 1 }],
    ["type null", { ns: "bridge", v: 1, type: null }],
    ["type an array", { ns: "bridge", v: 1, type: ["hello"] }],
    ["type a String object", { ns: "bridge", v: 1, type: new String("hello") }],
  ];
  for (const [name, message] of badFields) {
    it(`refuses ${name}`, () => {
      assert.equal(envelopeOf(message), null);
    });
  }
});

describe("directions", () => {
  const samples = (): Record<MessageType, Message> => ({
    hello: validHello(),
    request: validRequest(),
    abort: env("abort", { id: "id-1" }),
    pull: env("pull", { id: "id-1" }),
    cancel: env("cancel", { id: "id-1" }),
    ping: validPing(),
    ready: env("ready"),
    refused: validRefused(),
    response: validResponse(),
    failure: validFailure(),
    chunk: validChunk(),
    end: env("end", { id: "id-1" }),
    pong: env("pong", { id: "id-1" }),
    closing: env("closing"),
  });

  it("each reader reads its own direction's messages, and the other direction's as malformed, with the type claimed", () => {
    for (const [type, data] of entriesOf(samples())) {
      const own = readerOf(type);
      const other = own === readClientMessage ? readRelayMessage : readClientMessage;
      const result = own(data);
      assert.equal(result?.type, type, `${type} read by its own direction`);
      schemas[type](result, data);
      const id = typeof data["id"] === "string" ? data["id"] : null;
      assert.deepEqual(other(data), { type: "malformed", v: 1, claimed: type, id }, `${type} read by the other`);
    }
  });

  it("reads a type neither direction has as malformed", () => {
    for (const read of [readClientMessage, readRelayMessage]) {
      assert.deepEqual(read(env("teapot", { id: "x" })), { type: "malformed", v: 1, claimed: "teapot", id: "x" });
      assert.deepEqual(read(env("malformed")), { type: "malformed", v: 1, claimed: "malformed", id: null });
    }
  });

  it("keeps a malformed message's id only where the id is valid, so that the call it names can fail", () => {
    const bad = withField(validResponse(), "status", 99);
    assert.deepEqual(readRelayMessage(bad), { type: "malformed", v: 1, claimed: "response", id: "id-1" });
    for (const id of ["", 7, null, undefined, "i".repeat(Limits.idLength + 1), ["id-1"]]) {
      const result = readRelayMessage(withField(bad, "id", id));
      assert.ok(result?.type === "malformed", `id ${JSON.stringify(id)} still malformed`);
      assert.equal(result.id, null, `id ${JSON.stringify(id)}`);
    }
  });

  it("keeps the sender's version on every message, malformed or not, so that a mismatch can be reported", () => {
    assert.equal(readRelayMessage(env("ready", { v: 2 }))?.v, 2);
    assert.equal(readClientMessage(withField(validRequest(), "v", 3))?.type, "request");
    assert.equal(readClientMessage(withField(validRequest(), "v", 3))?.v, 3);
    assert.deepEqual(readRelayMessage(env("response", { v: 5 })), { type: "malformed", v: 5, claimed: "response", id: null });
  });

  it("reads the messages that carry only an id, in both directions, and refuses a malformed id", () => {
    for (const type of ["abort", "pull", "cancel", "ping", "end", "pong"] as const) {
      const read = readerOf(type);
      assert.deepEqual(read(env(type, { id: "x", extra: 1 })), { ns: "bridge", v: 1, type, id: "x" });
      for (const id of ["", 7, null, undefined, "i".repeat(Limits.idLength + 1)]) {
        assert.deepEqual(read(withField(env(type), "id", id)), { type: "malformed", v: 1, claimed: type, id: null });
      }
    }
  });

  it("reads ready and closing as the envelope alone, dropping anything else", () => {
    for (const type of ["ready", "closing"] as const) {
      assert.deepEqual(readRelayMessage(env(type, { port: {}, id: "x", extra: 1 })), { ns: "bridge", v: 1, type });
    }
  });

  it("reads a ready over the windows from window: true exactly; any other window is a ready over a port", () => {
    assert.deepEqual(readRelayMessage(env("ready", { window: true })), { ns: "bridge", v: 1, type: "ready", window: true });
    for (const value of [false, "true", 1, {}, new Boolean(true), null]) {
      assert.deepEqual(readRelayMessage(env("ready", { window: value })), { ns: "bridge", v: 1, type: "ready" }, `window ${String(value)}`);
    }
  });
});

describe("hello (readClientMessage)", () => {
  it("reads streams true and false, with the sender's version", () => {
    assert.deepEqual(asHello(validHello()), { ns: "bridge", v: 1, type: "hello", streams: true, versions: [1] });
    assert.deepEqual(asHello(env("hello", { v: 7, streams: false })), { ns: "bridge", v: 7, type: "hello", streams: false, versions: [7] });
  });

  it("reads the versions the client speaks; without them, a client before negotiation speaks its v alone", () => {
    assert.deepEqual(asHello(env("hello", { streams: true, versions: [1, 2, 3] }))?.versions, [1, 2, 3]);
    assert.deepEqual(asHello(env("hello", { v: 1, streams: true, versions: [2] }))?.versions, [2]);
    assert.deepEqual(asHello(env("hello", { v: 2, streams: true }))?.versions, [2]);
  });

  for (const [name, value] of [
    ["empty", []],
    ["more than 16", Array.from({ length: 17 }, (_, index) => index + 1)],
    ["holding 0", [0]],
    ["holding a fraction", [1.5]],
    ["holding a string", ["1"]],
    ["holding a hole", [1, , 2]],
    ["a string", "1"],
    ["an object", { 0: 1, length: 1 }],
    ["null", null],
  ] satisfies ValueCase[]) {
    it(`refuses versions ${name}`, () => {
      assert.equal(asHello(env("hello", { streams: true, versions: value })), null);
    });
  }

  it("reads the offer of the windows from window: true exactly; any other window offers none", () => {
    assert.equal(asHello(env("hello", { streams: true, window: true }))?.window, true);
    for (const value of [undefined, false, "true", 1, {}, new Boolean(true), null]) {
      const read = asHello(env("hello", { streams: true, window: value }));
      assert.ok(read !== null && !("window" in read), `window ${String(value)}`);
    }
  });

  it("drops unknown fields", () => {
    const result = asHello(env("hello", { streams: true, extra: "x", port: {} }));
    assert.ok(result !== null);
    assert.deepEqual(Object.keys(result).sort(), ["ns", "streams", "type", "v", "versions"]);
  });

  for (const [name, value] of [
    ["missing", undefined],
    ["a string", "true"],
    ["a number", 1],
    ["null", null],
    ["a Boolean object", new Boolean(true)],
  ] satisfies ValueCase[]) {
    it(`refuses streams ${name}`, () => {
      assert.equal(asHello(withField(validHello(), "streams", value)), null);
    });
  }

  it("does not read an accessor streams", () => {
    let calls = 0;
    const message = env("hello");
    Object.defineProperty(message, "streams", {
      get() {
        calls++;
        return true;
      },
    });
    assert.equal(asHello(message), null);
    assert.equal(calls, 0);
  });

  it("does not take streams from the prototype", () => {
    assert.equal(asHello(Object.assign(Object.create({ streams: true }) as object, env("hello"))), null);
    withPrototypeKey("streams", true, () => assert.equal(asHello(env("hello")), null));
  });
});

describe("refused (readRelayMessage)", () => {
  it("reads every known error code", () => {
    for (const code of allCodes) {
      const result = asRefused(env("refused", { code, message: "m" }));
      assert.deepEqual(result, { ns: "bridge", v: 1, type: "refused", code, message: "m" });
    }
  });

  it("accepts a message at the length limit, refuses one over it", () => {
    assert.ok(asRefused(withField(validRefused(), "message", "m".repeat(Limits.messageLength))) !== null);
    assert.equal(asRefused(withField(validRefused(), "message", "m".repeat(Limits.messageLength + 1))), null);
  });

  for (const [name, key, value] of [
    ["an unknown code", "code", "teapot"],
    ["a code in another case", "code", "ORIGIN-NOT-ALLOWED"],
    ["a code named by its key", "code", "OriginNotAllowed"],
    ["a code inherited from Object.prototype", "code", "toString"],
    ["a code of another type", "code", 403],
    ["a missing code", "code", undefined],
    ["a missing message", "message", undefined],
    ["a message of another type", "message", 42],
    ["a null message", "message", null],
  ] satisfies FieldCase[]) {
    it(`refuses ${name}`, () => {
      assert.equal(asRefused(withField(validRefused(), key, value)), null);
    });
  }
});

describe("the id of a message that carries nothing else (readClientMessage, ping)", () => {
  it("reads ids from 1 to Limits.idLength characters", () => {
    assert.equal(idOf(env("ping", { id: "a" })), "a");
    assert.equal(idOf(validPing()), "id-1");
    assert.equal(idOf(env("ping", { id: "x".repeat(Limits.idLength) })), "x".repeat(Limits.idLength));
  });

  for (const [name, value] of [
    ["an empty id", ""],
    ["an id over the limit", "x".repeat(Limits.idLength + 1)],
    ["a huge id", "x".repeat(1_000_000)],
    ["a numeric id", 1],
    ["a null id", null],
    ["a missing id", undefined],
    ["an array id", ["id-1"]],
    ["a String object", new String("id-1")],
  ] satisfies ValueCase[]) {
    it(`refuses ${name}`, () => {
      assert.equal(idOf(withField(validPing(), "id", value)), null);
    });
  }

  it("does not read an accessor id or an inherited one", () => {
    let calls = 0;
    const message = env("ping");
    Object.defineProperty(message, "id", {
      get() {
        calls++;
        return "id-1";
      },
    });
    assert.equal(idOf(message), null);
    assert.equal(calls, 0);
    assert.equal(idOf(Object.assign(Object.create({ id: "id-1" }) as object, env("ping"))), null);
    withPrototypeKey("id", "id-1", () => assert.equal(idOf(env("ping")), null));
  });
});

describe("request (readClientMessage)", () => {
  it("reads a valid request field by field", () => {
    const message = validRequest();
    const result = asRequest(message);
    assert.ok(result !== null);
    schemas.request(result, message);
    assert.equal(result.id, "id-1");
    assert.equal(result.method, "POST");
    assert.equal(result.url, message.url);
    assert.deepEqual(result.headers, message.headers);
    assert.equal(result.body, message.body);
    assert.equal(result.credentials, "omit");
    assert.equal(result.keepalive, false);
  });

  it("copies the headers, so later changes to the sender's arrays do not reach the result", () => {
    const headers: Array<[string, string]> = [
      ["content-type", "application/json"],
      ["x-request-id", "42"],
    ];
    const result = asRequest(withField(validRequest(), "headers", headers));
    headers[0][0] = "cookie";
    headers.push(["host", "evil"]);
    assert.deepEqual(result?.headers, [
      ["content-type", "application/json"],
      ["x-request-id", "42"],
    ]);
  });

  it("accepts a null body, no headers, and every value of every enum", () => {
    assert.ok(asRequest(withField(validRequest(), "body", null)) !== null);
    assert.deepEqual(asRequest(withField(validRequest(), "headers", []))?.headers, []);
    for (const [key, values] of [
      ["credentials", credentialsModes],
      ["redirect", redirectModes],
      ["cache", cacheModes],
      ["referrerPolicy", referrerPolicies],
    ] as const) {
      for (const value of values) {
        assert.equal(asRequest(withField(validRequest(), key, value))?.[key], value, `${key} ${JSON.stringify(value)}`);
      }
    }
  });

  it("accepts strings at their limits", () => {
    const atLimit = {
      id: "i".repeat(Limits.idLength),
      method: "M".repeat(Limits.methodLength),
      url: "u".repeat(Limits.urlLength),
      integrity: "s".repeat(Limits.integrityLength),
      headers: [["n".repeat(Limits.headerNameLength), "v".repeat(Limits.headerValueLength)]],
    };
    for (const [key, value] of Object.entries(atLimit)) {
      assert.ok(asRequest(withField(validRequest(), key, value)) !== null, key);
    }
  });

  it("accepts Limits.headerCount headers, refuses one more", () => {
    const headers = Array.from({ length: Limits.headerCount }, (_, i) => [`x-h${i}`, "v"]);
    assert.equal(asRequest(withField(validRequest(), "headers", headers))?.headers.length, Limits.headerCount);
    assert.equal(asRequest(withField(validRequest(), "headers", [...headers, ["x-one-more", "v"]])), null);
  });

  const cases: FieldCase[] = [
    ["a missing id", "id", undefined],
    ["an empty id", "id", ""],
    ["an id over the limit", "id", "i".repeat(Limits.idLength + 1)],
    ["a missing method", "method", undefined],
    ["an empty method", "method", ""],
    ["a method over the limit", "method", "M".repeat(Limits.methodLength + 1)],
    ["a numeric method", "method", 1],
    ["a missing url", "url", undefined],
    ["a URL object", "url", new URL("https://api.example.com/")],
    ["a url over the limit", "url", "u".repeat(Limits.urlLength + 1)],
    ["missing headers", "headers", undefined],
    ["null headers", "headers", null],
    ["headers as an object", "headers", { "content-type": "text/plain" }],
    ["headers as a string", "headers", "content-type: text/plain"],
    ["a flat header array", "headers", ["content-type", "text/plain"]],
    ["a header pair of one string", "headers", [["content-type"]]],
    ["a header triple", "headers", [["content-type", "text/plain", "x"]]],
    ["a header with a numeric value", "headers", [["content-length", 5]]],
    ["a header with a numeric name", "headers", [[1, "v"]]],
    ["a header with a null value", "headers", [["x-a", null]]],
    ["a header pair as an object", "headers", [{ 0: "x-a", 1: "v", length: 2 }]],
    ["a sparse header list", "headers", [, ["x-a", "v"]]], // eslint-disable-line no-sparse-arrays
    ["a header name over the limit", "headers", [["n".repeat(Limits.headerNameLength + 1), "v"]]],
    ["a header value over the limit", "headers", [["x-a", "v".repeat(Limits.headerValueLength + 1)]]],
    ["a missing body", "body", undefined],
    ["a string body", "body", "hello"],
    ["a Uint8Array body", "body", new Uint8Array(4)],
    ["a DataView body", "body", new DataView(new ArrayBuffer(4))],
    ["a SharedArrayBuffer body", "body", new SharedArrayBuffer(4)],
    ["a Blob body", "body", new Blob(["x"])],
    ["an array body", "body", [1, 2, 3]],
    ["an unknown credentials mode", "credentials", "same-origin"],
    ["missing credentials", "credentials", undefined],
    ["a boolean credentials", "credentials", true],
    ["an unknown redirect mode", "redirect", "FOLLOW"],
    ["missing redirect", "redirect", undefined],
    ["an unknown cache mode", "cache", "cache-everything"],
    ['the cache mode "only-if-cached", which would let a page probe the cache', "cache", "only-if-cached"],
    ["missing cache", "cache", undefined],
    ["an unknown referrer policy", "referrerPolicy", "always"],
    ["a null referrer policy", "referrerPolicy", null],
    ["a missing integrity", "integrity", undefined],
    ["a null integrity", "integrity", null],
    ["an integrity over the limit", "integrity", "s".repeat(Limits.integrityLength + 1)],
    ["a missing keepalive", "keepalive", undefined],
    ["a string keepalive", "keepalive", "false"],
    ["a numeric keepalive", "keepalive", 0],
  ];
  for (const [name, key, value] of cases) {
    it(`refuses ${name}`, () => {
      assert.equal(asRequest(withField(validRequest(), key, value)), null);
    });
  }

  it("does not read accessor fields", () => {
    for (const key of ["id", "method", "url", "headers", "body", "credentials", "keepalive"]) {
      let calls = 0;
      const message = validRequest();
      const value = message[key];
      delete message[key];
      Object.defineProperty(message, key, {
        enumerable: true,
        get() {
          calls++;
          return value;
        },
      });
      assert.equal(asRequest(message), null, `accessor ${key}`);
      assert.equal(calls, 0, `accessor ${key} not called`);
    }
  });
});

describe("response (readRelayMessage)", () => {
  it("reads a chunked response, a stream response and a response without a body", () => {
    const chunked = validResponse();
    const result = asResponse(chunked);
    assert.ok(result !== null);
    schemas.response(result, chunked);
    assert.equal(result.status, 200);
    assert.equal(result.chunked, true);
    assert.deepEqual(result.headers, [["content-type", "text/plain"]]);

    const stream = new ReadableStream();
    const streamed = asResponse(withField(withField(validResponse(), "chunked", false), "body", stream));
    assert.equal(streamed?.body, stream);
    assert.equal(streamed?.chunked, false);

    assert.equal(asResponse(withField(validResponse(), "chunked", false))?.body, null);
  });

  it("reads a body inline, whole, from version 3 on", () => {
    const buffer = new ArrayBuffer(4);
    const inline = withField(withField(withField(validResponse(), "v", 3), "chunked", false), "body", buffer);
    const result = asResponse(inline);
    assert.ok(result !== null);
    schemas.response(result, inline);
    assert.equal(result.body, buffer);
    assert.equal(asResponse(withField(inline, "v", 2)), null, "version 2 has no inline bodies");
    assert.equal(asResponse(withField(inline, "chunked", true)), null, "a chunked response has no inline body");
    assert.equal(asResponse(withField(inline, "body", new Uint8Array(4))), null, "a view is not a body");
  });

  it("accepts status 0 (opaque) and 200 to 599", () => {
    for (const status of [0, 200, 204, 404, 599]) {
      assert.equal(asResponse(withField(validResponse(), "status", status))?.status, status);
    }
  });

  const cases: FieldCase[] = [
    ["a missing id", "id", undefined],
    ["an empty id", "id", ""],
    ["a missing status", "status", undefined],
    ["a string status", "status", "200"],
    ["a negative status", "status", -1],
    ["a status of 600", "status", 600],
    ["an informational status", "status", 103],
    ["a status of 1", "status", 1],
    ["a status of 199", "status", 199],
    ["a fractional status", "status", 200.5],
    ["a NaN status", "status", NaN],
    ["a missing statusText", "statusText", undefined],
    ["a statusText over the limit", "statusText", "s".repeat(Limits.statusTextLength + 1)],
    ["headers as an object", "headers", { "content-type": "text/plain" }],
    ["a header pair with a number", "headers", [["content-length", 10]]],
    ["too many headers", "headers", Array.from({ length: Limits.headerCount + 1 }, () => ["x", "y"])],
    ["a missing url", "url", undefined],
    ["a url over the limit", "url", "u".repeat(Limits.urlLength + 1)],
    ["a missing redirected", "redirected", undefined],
    ["a string redirected", "redirected", "false"],
    ["a missing chunked", "chunked", undefined],
    ["a numeric chunked", "chunked", 1],
    ["a missing body", "body", undefined],
    ["an ArrayBuffer body", "body", new ArrayBuffer(4)],
    ["a stream-like object body", "body", { getReader() {} }],
  ];
  for (const [name, key, value] of cases) {
    it(`refuses ${name}`, () => {
      assert.equal(asResponse(withField(validResponse(), key, value)), null);
    });
  }

  it("refuses a chunked response that also carries a stream", () => {
    assert.equal(asResponse(withField(validResponse(), "body", new ReadableStream())), null);
  });
});

describe("failure (readRelayMessage)", () => {
  it("reads every known error code", () => {
    for (const code of allCodes) {
      assert.deepEqual(asFailure(env("failure", { id: "x", code, message: "" })), {
        ns: "bridge",
        v: 1,
        type: "failure",
        id: "x",
        code,
        message: "",
      });
    }
  });

  for (const [name, key, value] of [
    ["a missing id", "id", undefined],
    ["an id over the limit", "id", "i".repeat(Limits.idLength + 1)],
    ["an unknown code", "code", "timeout"],
    ["a code inherited from Object.prototype", "code", "constructor"],
    ["a missing code", "code", undefined],
    ["a missing message", "message", undefined],
    ["a message over the limit", "message", "m".repeat(Limits.messageLength + 1)],
    ["an Error as message", "message", new Error("x")],
  ] satisfies FieldCase[]) {
    it(`refuses ${name}`, () => {
      assert.equal(asFailure(withField(validFailure(), key, value)), null);
    });
  }
});

describe("chunk (readRelayMessage)", () => {
  it("reads an ArrayBuffer, empty or not, as the same buffer", () => {
    const message = validChunk();
    assert.equal(asChunk(message)?.data, message.data);
    assert.equal(asChunk(withField(validChunk(), "data", new ArrayBuffer(0)))?.data.byteLength, 0);
  });

  for (const [name, key, value] of [
    ["a missing id", "id", undefined],
    ["an empty id", "id", ""],
    ["missing data", "data", undefined],
    ["null data", "data", null],
    ["Uint8Array data", "data", new Uint8Array(4)],
    ["SharedArrayBuffer data", "data", new SharedArrayBuffer(4)],
    ["string data", "data", "abcd"],
    ["array data", "data", [1, 2, 3, 4]],
  ] satisfies FieldCase[]) {
    it(`refuses ${name}`, () => {
      assert.equal(asChunk(withField(validChunk(), key, value)), null);
    });
  }
});
// ---------------------------------------------------------------------------------------------------------------

/** What reading `key` of `object` gives, through its prototypes. */
const property = (object: object, key: string): unknown => (object as Record<string, unknown>)[key];

function assertNoPollution(): void {
  assert.equal(property({}, "polluted"), undefined, "Object.prototype.polluted");
  assert.equal(property([], "polluted"), undefined, "Array.prototype.polluted");
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted"), false);
  assert.equal(typeof Object.prototype.constructor, "function");
  assert.equal(Object.prototype.constructor, Object);
}

describe("prototype pollution", () => {
  after(assertNoPollution);

  const json = (fields: string): Fields =>
    JSON.parse(
      `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1},` +
        `"ns":"bridge","v":1,${fields}}`,
    ) as Fields;
  const messages: Record<Exclude<ReaderName, "chunk">, Fields> = {
    hello: json(`"type":"hello","streams":true`),
    refused: json(`"type":"refused","code":"origin-not-allowed","message":"m"`),
    id: json(`"type":"ping","id":"p"`),
    request: json(
      `"type":"request","id":"r","method":"GET","url":"https://a.example/","headers":[["__proto__","x"],["constructor","y"]],` +
        `"body":null,"credentials":"omit","redirect":"follow","cache":"default","integrity":"","referrerPolicy":"","keepalive":false`,
    ),
    response: json(
      `"type":"response","id":"r","status":200,"statusText":"OK","headers":[["__proto__","x"]],"url":"https://a.example/",` +
        `"redirected":false,"body":null,"chunked":false`,
    ),
    failure: json(`"type":"failure","id":"r","code":"network-error","message":"m"`),
  };

  it("JSON.parse gives __proto__ as an own key (the test's premise)", () => {
    assert.ok(Object.prototype.hasOwnProperty.call(messages.hello, "__proto__"));
    assert.equal(Object.getPrototypeOf(messages.hello), Object.prototype);
  });

  for (const [name, message] of entriesOf(messages)) {
    it(`reads a ${name} message with __proto__, constructor and prototype keys, without copying them`, () => {
      assert.ok(envelopeOf(message) !== null);
      const result = readers[name](message);
      assert.ok(result !== null, `${name} is still readable`);
      schemas[name](result, message);
      if (typeof result === "object") {
        assert.equal(Object.getPrototypeOf(result), Object.prototype);
        assert.equal(property(result, "polluted"), undefined);
        for (const key of ["__proto__", "constructor", "prototype"]) {
          assert.equal(Object.prototype.hasOwnProperty.call(result, key), false, `no own ${key}`);
        }
      }
      assertNoPollution();
    });
  }

  it("runs every reader on every hostile message without throwing", () => {
    const hostile: Fields[] = [
      ...Object.values(messages),
      JSON.parse(`{"__proto__":{"ns":"bridge","v":1,"type":"hello","streams":true}}`) as Fields,
      JSON.parse(`{"ns":"bridge","v":1,"type":"__proto__","__proto__":null}`) as Fields,
      JSON.parse(`{"ns":"bridge","v":1,"type":"request","headers":{"__proto__":[]},"id":{"__proto__":"x"}}`) as Fields,
    ];
    for (const message of hostile) {
      readClientMessage(message);
      readRelayMessage(message);
      for (const reader of Object.values(readers)) reader(message);
    }
    // Only own fields count: a __proto__ key holding the fields is not the fields.
    assert.equal(envelopeOf(hostile[Object.keys(messages).length]), null);
    assertNoPollution();
  });
});
// ---------------------------------------------------------------------------------------------------------------
// Seeded fuzz: random values (mostly mutated valid messages) through both readers.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fieldNames = [
  "ns",
  "v",
  "type",
  "id",
  "streams",
  "code",
  "message",
  "method",
  "url",
  "headers",
  "body",
  "credentials",
  "redirect",
  "cache",
  "integrity",
  "referrerPolicy",
  "keepalive",
  "status",
  "statusText",
  "redirected",
  "chunked",
  "data",
  "__proto__",
  "constructor",
  "prototype",
  "polluted",
  "0",
  "length",
];
const interestingStrings = [
  "",
  "bridge",
  "Bridge",
  "hello",
  "request",
  "response",
  "failure",
  "chunk",
  "refused",
  "ping",
  "__proto__",
  "constructor",
  "toString",
  "GET",
  "omit",
  "include",
  "follow",
  "manual",
  "no-store",
  "unsafe-url",
  ...allCodes,
  "x".repeat(Limits.idLength),
  "x".repeat(Limits.idLength + 1),
  "x".repeat(Limits.messageLength + 1),
  "x".repeat(Limits.urlLength + 1),
  "\u0000",
  "\ud800",
];
const interestingNumbers = [0, 1, 2, -1, 1.5, 200, 599, 600, NaN, Infinity, -Infinity, -0, 2 ** 53, Number.MAX_SAFE_INTEGER];

function fuzzer(seed: number): { message: () => unknown } {
  const random = mulberry32(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];

  function value(depth: number): unknown {
    switch (int(depth > 2 ? 9 : 12)) {
      case 0:
        return null;
      case 1:
        return undefined;
      case 2:
        return random() < 0.5;
      case 3:
        return pick(interestingNumbers);
      case 4:
        return random() * 1e6 - 5e5;
      case 5:
      case 6:
        return pick(interestingStrings);
      case 7:
        return new ArrayBuffer(int(16));
      case 8:
        return pick([() => new Uint8Array(2), () => new ReadableStream(), () => new SharedArrayBuffer(2), () => 1n])();
      case 9:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      case 10:
        return headerList(depth);
      default:
        return object(depth);
    }
  }
  function headerList(depth: number): unknown[] {
    return Array.from({ length: int(4) }, () =>
      random() < 0.8 ? [pick(interestingStrings), pick(interestingStrings)] : value(depth + 1),
    );
  }
  function object(depth: number): Message {
    const entries = Array.from({ length: int(5) }, (): [string, unknown] => [pick(fieldNames), value(depth + 1)]);
    return record(entries, random() < 0.05 ? null : Object.prototype);
  }
  const templates = [validHello, validRefused, validRequest, validResponse, validFailure, validChunk, validPing];
  function message(): unknown {
    const roll = random();
    if (roll < 0.15) return value(0);
    const base = pick(templates)();
    if (base.type === "response" && random() < 0.3) {
      base.chunked = false;
      base.body = new ReadableStream();
    }
    const entries = Object.entries(base);
    const mutations = roll < 0.35 ? 0 : 1 + int(3);
    for (let i = 0; i < mutations; i++) {
      const action = int(4);
      if (action === 0 && entries.length > 0) entries.splice(int(entries.length), 1);
      else if (action === 1 && entries.length > 0) entries[int(entries.length)][1] = value(1);
      else entries.push([pick(fieldNames), value(1)]);
    }
    return record(entries, random() < 0.03 ? null : Object.prototype);
  }
  return { message };
}
describe("fuzz", () => {
  after(assertNoPollution);

  for (const seed of [1, 0xb51d9e, 20240601]) {
    it(`seed ${seed}: 3000 random messages through both readers; nothing throws, every result has the documented types`, () => {
      const { message } = fuzzer(seed);
      const accepted = new Map<string, number>();
      let envelopes = 0;
      for (let i = 0; i < 3000; i++) {
        const data = message();
        let fromClient: ReturnType<typeof readClientMessage>;
        let fromRelay: ReturnType<typeof readRelayMessage>;
        try {
          fromClient = readClientMessage(data);
          fromRelay = readRelayMessage(data);
        } catch (error) {
          assert.fail(`a reader threw on case ${i}: ${error}`);
        }
        if (fromClient === null || fromRelay === null) {
          assert.equal(fromClient, fromRelay, "both readers see the same envelope");
          continue;
        }
        envelopes++;
        assert.equal(fromClient.v, fromRelay.v, "both readers keep the envelope's version");
        const directions: ReadonlyArray<readonly [Read, readonly MessageType[]]> = [
          [fromClient, clientTypes],
          [fromRelay, relayTypes],
        ];
        for (const [result, types] of directions) {
          assert.ok(result.type === "malformed" || types.includes(result.type), `${result.type} read in the wrong direction`);
          schemas[result.type](result, data as Fields);
          accepted.set(result.type, (accepted.get(result.type) ?? 0) + 1);
        }
      }
      // The loop must have exercised acceptance as well as refusal, or it proves nothing.
      assert.ok(envelopes > 1000, `envelopes read: ${envelopes}`);
      for (const type of ["hello", "refused", "request", "response", "failure", "chunk", "ping", "malformed"]) {
        assert.ok((accepted.get(type) ?? 0) >= 20, `${type} accepted ${accepted.get(type) ?? 0} times`);
      }
      assertNoPollution();
    });
  }

  it("both readers given random plain records, most without an envelope, never throw", () => {
    const { message } = fuzzer(7);
    for (let i = 0; i < 3000; i++) {
      const data = message();
      if (typeof data !== "object" || data === null) continue;
      for (const read of [readClientMessage, readRelayMessage]) {
        let result: Read | null;
        try {
          result = read(data);
        } catch (error) {
          assert.fail(`${read.name} threw on case ${i}: ${error}`);
        }
        // Deliberately any object, arrays and buffers among them, where the readers take records.
        if (result !== null) schemas[result.type](result, data as Fields);
      }
    }
    assertNoPollution();
  });
});
