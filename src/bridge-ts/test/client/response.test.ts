// Unit tests for client/response: the Response bridge.fetch builds from the relay's answer, in this engine (Node's
// fetch classes). The browsers' own behaviour is compared in the e2e tests; these pin the shapes down in detail.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import type { ResponseMessage } from "../../src/protocol/messages.js";
import { toResponse } from "../../src/client/response.js";

/** The body toResponse takes, as the relay connection gives it. */
type ResponseBody = Exclude<Parameters<typeof toResponse>[2], ArrayBuffer | null>;

const answer = (status: number, extra: Partial<ResponseMessage> = {}): ResponseMessage => ({
  ns: "bridge",
  v: 1,
  type: "response",
  id: "id-1",
  status,
  statusText: "Text",
  headers: [["content-type", "text/plain"]],
  url: "https://service.example/api/x",
  redirected: true,
  body: null,
  chunked: false,
  ...extra,
});

type FailureListener = (error: unknown) => void;

interface TestBody extends ResponseBody {
  /** Whether the response cancelled the relay's stream. */
  readonly state: { readonly cancelled: boolean };
}

// A relay body: the given chunks, then (once they are read) the end or the given error.
function relayBody(chunks: readonly string[], error?: unknown): TestBody {
  const state: { failure: { readonly error: unknown } | null; cancelled: boolean; listeners: Set<FailureListener> } = {
    failure: null,
    cancelled: false,
    listeners: new Set(),
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
    },
    pull(controller) {
      if (error === undefined) {
        controller.close();
      } else {
        state.failure = { error };
        controller.error(error);
        for (const listener of state.listeners) listener(error);
      }
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return {
    stream,
    get failure() {
      return state.failure;
    },
    whenFailed(listener) {
      if (state.failure !== null) listener(state.failure.error);
      else state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
    state,
  };
}

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (error: unknown) => error,
  );

/** The Body readers whose rejections the tests compare. */
const READERS = ["text", "json", "arrayBuffer", "blob"] as const;

describe("toResponse", () => {
  it("reports what the relay's fetch saw: status, text, headers, url, redirected, type", async () => {
    const response = toResponse(answer(201), "GET", relayBody(["hello"]));

    assert.ok(response instanceof Response);
    assert.equal(response.status, 201);
    assert.equal(response.statusText, "Text");
    assert.equal(response.ok, true);
    assert.equal(response.url, "https://service.example/api/x");
    assert.equal(response.redirected, true);
    assert.equal(response.type, "basic");
    assert.equal(response.headers.get("content-type"), "text/plain");
    assert.equal(await response.text(), "hello");
  });

  it("gives a whole body that nothing can error as a plain body, with what the relay's fetch saw", async () => {
    const response = toResponse(answer(200), "GET", new TextEncoder().encode("whole").buffer as ArrayBuffer);

    assert.equal(response.url, "https://service.example/api/x");
    assert.equal(response.type, "basic");
    assert.throws(() => response.headers.set("x-a", "1"), TypeError);
    assert.equal(await response.clone().text(), "whole");
    assert.equal(await response.text(), "whole");
    await assert.rejects(response.text(), TypeError, "a used body stays used");
  });

  it("gives no body for a HEAD whose whole body came as bytes, as for a stream", async () => {
    const response = toResponse(answer(200), "HEAD", new ArrayBuffer(0));

    assert.equal(await response.text(), "");
  });

  it("gives immutable headers, to the response and to its clone", () => {
    const response = toResponse(answer(200), "GET", relayBody(["x"]));

    assert.throws(() => response.headers.set("x-a", "1"), TypeError);
    assert.throws(() => response.clone().headers.append("x-a", "1"), TypeError);
    assert.equal(response.clone().url, response.url);
  });

  it("has no own properties, as fetch's responses have none, and lists its members in for...in", () => {
    const constructed = new Response("x");
    const inherited = (value: object): string[] => {
      const names: string[] = [];
      for (const name in value) names.push(name);
      return names.sort();
    };
    const shapes = [
      toResponse(answer(200), "GET", relayBody(["x"])),
      toResponse(answer(200), "GET", new ArrayBuffer(1)),
      toResponse(answer(204), "GET", relayBody([])),
      toResponse(answer(0), "GET", null),
    ];

    for (const response of [...shapes, ...shapes.map((shape) => shape.clone())]) {
      // Node's own Response keeps its state in own symbol properties; browsers' have none at all.
      assert.deepEqual(Reflect.ownKeys(response), Reflect.ownKeys(constructed), "no own properties of its own");
      assert.equal(JSON.stringify(response), "{}");
      assert.deepEqual(inherited(response), inherited(constructed), "for...in lists what it lists on a Response");
      assert.equal(response.constructor, Response);
      assert.equal(Object.prototype.toString.call(response), "[object Response]");
    }
  });

  it("refuses its own members on anything but a response it made", () => {
    const response = toResponse(answer(200), "GET", new ArrayBuffer(1));
    const url = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(response), "url")?.get;

    assert.equal(url?.call(response), "https://service.example/api/x");
    assert.throws(() => url?.call(new Response("x")), TypeError);
  });

  it("gives body null when the relay's fetch had none", async () => {
    const response = toResponse(answer(204), "GET", null);

    assert.equal(response.body, null);
    assert.equal(await response.text(), "");
  });

  for (const [status, method] of [
    [204, "GET"],
    [205, "POST"],
    [304, "GET"],
    [200, "HEAD"],
  ] as const) {
    it(`gives a ${status} to ${method} an empty body stream when the relay's fetch had one, and cancels the relay's`, async () => {
      const body = relayBody([]);
      const response = toResponse(answer(status), method, body);

      assert.ok(response.body instanceof ReadableStream);
      assert.equal(response.body, response.body, "the same stream each time");
      assert.equal(response.bodyUsed, false);
      assert.equal(body.state.cancelled, true);
      assert.equal(await response.text(), "");
      assert.equal(response.bodyUsed, true);
      assert.ok((await rejection(response.text())) instanceof TypeError);
      assert.throws(() => response.clone(), TypeError);
    });
  }

  it("reads an empty body stream to its end, which uses it up", async () => {
    const response = toResponse(answer(204), "GET", relayBody([]));
    assert.ok(response.body !== null);
    const reader = response.body.getReader();

    assert.ok((await rejection(response.arrayBuffer())) instanceof TypeError, "locked");
    assert.equal(response.bodyUsed, false);
    assert.deepEqual(await reader.read(), { done: true, value: undefined });
    assert.equal(response.bodyUsed, true);
  });

  it("clones an unused empty body, each copy with its own", async () => {
    const response = toResponse(answer(204), "GET", relayBody([]));
    const copy = response.clone();

    assert.equal(copy.status, 204);
    assert.equal(copy.url, response.url);
    assert.notEqual(copy.body, response.body);
    assert.equal((await copy.blob()).size, 0);
    assert.equal(copy.bodyUsed, true);
    assert.equal(response.bodyUsed, false);
    await assert.rejects(response.json(), SyntaxError);
  });

  it("rejects every reader of a body the relay cut off with what cut it off", async () => {
    for (const reader of READERS) {
      const cause = Object.assign(new TypeError("too large"), { code: "too-large" });
      const response = toResponse(answer(200), "GET", relayBody(["partial"], cause));

      assert.equal(await rejection(response[reader]()), cause, reader);
    }
  });

  it("rejects a clone's readers of a cut-off body with the same error", async () => {
    const cause = Object.assign(new TypeError("relay lost"), { code: "relay-lost" });
    const response = toResponse(answer(200), "GET", relayBody(["partial"], cause));
    const copy = response.clone();

    assert.equal(await rejection(copy.text()), cause);
    assert.equal(await rejection(response.text()), cause);
  });

  it("rejects a pending reader in the turn the body fails, before a microtask queued after it", async () => {
    for (const reader of [...READERS, "formData"] as const) {
      // A body whose bytes never come, failed by hand as the relay connection fails one (an abort, the relay lost).
      const started: { controller?: ReadableStreamDefaultController<Uint8Array> } = {};
      const listeners = new Set<FailureListener>();
      const held: { failure: { readonly error: unknown } | null } & ResponseBody = {
        failure: null,
        stream: new ReadableStream<Uint8Array>({ start: (controller) => void (started.controller = controller) }, { highWaterMark: 0 }),
        whenFailed(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      };
      const response = toResponse(answer(200), "GET", held);
      const order: string[] = [];
      const read = response[reader]().then(
        () => order.push("resolved"),
        () => order.push("rejected"),
      );
      await new Promise((resolve) => setTimeout(resolve, 0));

      const reason = new DOMException("aborted", "AbortError");
      held.failure = { error: reason };
      assert.ok(started.controller !== undefined, "the stream has started");
      started.controller.error(reason);
      for (const listener of listeners) listener(reason);
      Promise.resolve().then(() => order.push("microtask"));
      await read;

      assert.deepEqual(order, ["rejected", "microtask"], reader);
    }
  });

  it("leaves other errors alone: a used body, and content that is not JSON", async () => {
    const cause = new TypeError("cut");
    const response = toResponse(answer(200), "GET", relayBody(["x"], cause));
    await rejection(response.text());

    const again = await rejection(response.text());
    assert.notEqual(again, cause);
    assert.ok(again instanceof TypeError);
    await assert.rejects(toResponse(answer(200), "GET", relayBody(["{not json"])).json(), SyntaxError);
  });

  it("gives a manual redirect as an opaque redirect and cancels the relay's body", () => {
    const body = relayBody([]);
    const response = toResponse(answer(0, { url: "https://service.example/r" }), "GET", body);

    assert.equal(response.type, "opaqueredirect");
    assert.equal(response.status, 0);
    assert.equal(response.body, null);
    assert.equal(body.state.cancelled, true);
  });
});
