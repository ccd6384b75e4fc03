// The protocol's types, proved at compile time: a message type that does not exist, a message of the other direction,
// or a message without its fields does not compile. Each line marked @ts-expect-error must fail to type-check: if one
// ever compiles, tsc reports the directive as unused and the build fails. Next to each refusal, a message of the same
// shape that is valid must compile, or the refusals would prove nothing (a port that took `never` refuses everything).
// At run time, what the compiler refuses is also what the receiving side's reader reads as malformed.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import {
  addressed,
  envelope,
  type ClientToRelay,
  type PortToClient,
  type PortToRelay,
  type RelayToClient,
} from "../../src/protocol/messages.js";
import { readClientMessage, readRelayMessage } from "../../src/protocol/validate.js";

/** A port as one side holds it, which keeps what is posted on it. */
function recording<Port extends PortToRelay | PortToClient>(): { readonly port: Port; readonly posted: unknown[] } {
  const posted: unknown[] = [];
  const port = { postMessage: (message: unknown) => void posted.push(message) };
  // Only postMessage is used here.
  return { port: port as unknown as Port, posted };
}

/** The type each message was read as. */
const readAs = (read: (data: unknown) => { readonly type: string } | null, messages: readonly unknown[]): Array<string | null> =>
  messages.map((message) => read(message)?.type ?? null);

describe("protocol types", () => {
  it("envelope() and addressed() take only the message types the protocol has, each as it is addressed", () => {
    const made: unknown[] = [
      // @ts-expect-error: no message has this type
      addressed("nonsense", "id"),
      // @ts-expect-error: no message has this type
      envelope("nonsense"),
      // @ts-expect-error: a ping names its call, so it is addressed
      envelope("ping"),
      // @ts-expect-error: a hello names no call
      addressed("hello", "id"),
    ];
    // The controls: the same functions with types the protocol has.
    const valid: unknown[] = [addressed("ping", "id"), envelope("closing")];

    assert.deepEqual(readAs(readClientMessage, made), ["malformed", "malformed", "malformed", "malformed"]);
    assert.deepEqual(readAs(readRelayMessage, made), ["malformed", "malformed", "malformed", "malformed"]);
    assert.deepEqual([readClientMessage(valid[0])?.type, readRelayMessage(valid[1])?.type], ["ping", "closing"]);
  });

  it("the port to the relay takes only the client's messages, each with its fields", () => {
    const { port, posted } = recording<PortToRelay>();
    // @ts-expect-error: a type the protocol does not have, on a message that is otherwise a pull
    port.postMessage({ ...addressed("pull", "x"), type: "bogus" });
    // @ts-expect-error: the relay's message, posted the wrong way
    port.postMessage(addressed("pong", "x"));
    // @ts-expect-error: the relay's message, posted the wrong way
    port.postMessage(envelope("closing"));
    // @ts-expect-error: a request without its fields
    port.postMessage(addressed("request", "x"));
    // @ts-expect-error: a hello whose streams is no boolean
    port.postMessage({ ...envelope("hello"), versions: [1], streams: "yes" });
    const refused = posted.splice(0);

    port.postMessage(addressed("pull", "x"));
    port.postMessage({ ...envelope("hello"), versions: [1], streams: true });

    assert.deepEqual(readAs(readClientMessage, refused), ["malformed", "malformed", "malformed", "malformed", "malformed"]);
    assert.deepEqual(readAs(readClientMessage, posted), ["pull", "hello"]);
  });

  it("the port to the client takes only the relay's messages, each with its fields", () => {
    const { port, posted } = recording<PortToClient>();
    // @ts-expect-error: a type the protocol does not have
    port.postMessage({ ...addressed("end", "x"), type: "bogus" });
    // @ts-expect-error: the client's message, posted the wrong way
    port.postMessage(addressed("ping", "x"));
    // @ts-expect-error: a chunk without its data
    port.postMessage(addressed("chunk", "x"));
    // @ts-expect-error: a failure with a code the protocol does not have
    port.postMessage({ ...addressed("failure", "x"), code: "teapot", message: "m" });
    const refused = posted.splice(0);

    port.postMessage(addressed("end", "x"));
    port.postMessage({ ...addressed("chunk", "x"), data: new ArrayBuffer(1) });
    port.postMessage({ ...addressed("failure", "x"), code: "network-error", message: "m" });

    assert.deepEqual(readAs(readRelayMessage, refused), ["malformed", "malformed", "malformed", "malformed"]);
    assert.deepEqual(readAs(readRelayMessage, posted), ["end", "chunk", "failure"]);
  });

  it("each reader gives only its direction's messages, or a Malformed", () => {
    const fromClient = readClientMessage(addressed("pong", "x"));
    const fromRelay = readRelayMessage(addressed("ping", "x"));
    // @ts-expect-error: the relay's reader never gives the client's messages
    assert.equal(fromRelay?.type === "ping", false);
    // @ts-expect-error: the client's reader never gives the relay's messages
    assert.equal(fromClient?.type === "pong", false);
    // The controls, and what the readers give for the other direction's messages.
    assert.equal(fromClient?.type === "malformed" && fromClient.claimed, "pong");
    assert.equal(fromRelay?.type === "malformed" && fromRelay.claimed, "ping");
  });

  it("a switch over a reader's message covers every type of its direction, and nothing else", () => {
    // Exhaustive: a type added to either union and not handled here fails the build at `never`.
    const clientType = (message: ClientToRelay): string => {
      switch (message.type) {
        case "hello":
        case "request":
        case "abort":
        case "pull":
        case "cancel":
        case "ping":
          return message.type;
        default:
          return message satisfies never;
      }
    };
    const relayType = (message: RelayToClient): string => {
      switch (message.type) {
        case "ready":
        case "refused":
        case "response":
        case "failure":
        case "chunk":
        case "end":
        case "pong":
        case "closing":
          return message.type;
        default:
          return message satisfies never;
      }
    };
    assert.equal(clientType(addressed("abort", "x")), "abort");
    assert.equal(relayType(envelope("ready")), "ready");
  });
});
