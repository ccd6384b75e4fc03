// The page's end of a relay session's MessagePort, for tests of the relay: it sends what bridge.js sends, or anything
// at all, and reads every answer with the reader bridge.js uses, so an answer the client would drop fails the test.

import assert from "node:assert/strict";

import {
  PROTOCOL_VERSION,
  addressed,
  type ChunkMessage,
  type ClientToRelay,
  type FailureMessage,
  type PortToRelay,
  type RelayToClient,
  type RequestMessage,
  type ResponseMessage,
} from "../../src/protocol/messages.js";
import { readRelayMessage, type Malformed } from "../../src/protocol/validate.js";
import { listen, type Arrival, type Queue } from "./queue.js";

type RelayType = RelayToClient["type"];

/** A message as bridge.js reads it, and the data it was read from. */
interface Reading {
  readonly message: RelayToClient | Malformed | null;
  readonly data: unknown;
}

export class ClientEnd {
  private readonly inbox: Queue<Arrival>;
  /** The port as bridge.js holds it: what this end says of its own accord is held to the protocol. */
  private readonly toRelay: PortToRelay;
  private settles = 0;

  /** `version`: the session's, which the call control this end sends carries. */
  constructor(
    readonly port: MessagePort,
    readonly version = PROTOCOL_VERSION,
  ) {
    this.inbox = listen(port);
    this.toRelay = port;
  }

  /** Posts anything: a hostile or malformed message as well as a valid one. */
  send(data: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(data, transfer);
  }

  request(request: RequestMessage): void {
    this.post(request, request.body === null ? [] : [request.body]);
  }

  abort(id: string): void {
    this.post(addressed("abort", id, this.version));
  }

  pull(id: string): void {
    this.post(addressed("pull", id, this.version));
  }

  cancel(id: string): void {
    this.post(addressed("cancel", id, this.version));
  }

  ping(id: string): void {
    this.post(addressed("ping", id, this.version));
  }

  /** The next message, whatever it is, as bridge.js reads it (null: not even an envelope). */
  async next(): Promise<RelayToClient | Malformed | null> {
    return (await this.read()).message;
  }

  async response(): Promise<ResponseMessage> {
    return this.take("response");
  }

  /** The next message, which must be the answer to a request: a response or a failure. */
  async answer(): Promise<ResponseMessage | FailureMessage> {
    return this.take("response", "failure");
  }

  async failure(): Promise<FailureMessage> {
    return this.take("failure");
  }

  async chunk(): Promise<ChunkMessage> {
    return this.take("chunk");
  }

  /** The next message, which must be a chunk or the end of a chunked body (then null). */
  async chunkOrEnd(): Promise<ChunkMessage | null> {
    const message = await this.take("chunk", "end");
    return message.type === "chunk" ? message : null;
  }

  /** The id of the next message, which must be an "end". */
  async end(): Promise<string> {
    return (await this.take("end")).id;
  }

  /** The id of the next message, which must be a "pong". */
  async pong(): Promise<string> {
    return (await this.take("pong")).id;
  }

  async closing(): Promise<void> {
    await this.take("closing");
  }

  /**
   * Pings and waits for the pong: whatever the relay sent before it answered has then arrived, and is returned (its
   * types, as claimed). Proves that nothing was sent in answer to messages handled at once, such as a refused or
   * ignored one.
   */
  async settle(): Promise<string[]> {
    const id = `settle-${++this.settles}`;
    this.ping(id);
    const before: string[] = [];
    for (;;) {
      const message = await this.next();
      if (message?.type === "pong" && message.id === id) return before;
      before.push(message === null ? "(not a message)" : message.type === "malformed" ? message.claimed : message.type);
    }
  }

  close(): void {
    this.port.close();
  }

  private post(message: ClientToRelay, transfer: Transferable[] = []): void {
    this.toRelay.postMessage(message, transfer);
  }

  private async read(): Promise<Reading> {
    const { data } = await this.inbox.next();
    return { message: readRelayMessage(data), data };
  }

  /** The next message, which must be of one of these types, and one bridge.js can use. */
  private async take<T extends RelayType>(...types: readonly T[]): Promise<Extract<RelayToClient, { readonly type: T }>> {
    const expected = types.join(" or ");
    const { message, data } = await this.read();
    assert.ok(message !== null, `expected a ${expected} message, got something that is no message`);
    const claimed = message.type === "malformed" ? message.claimed : message.type;
    assert.ok((types as readonly string[]).includes(claimed), `expected a ${expected} message, got ${claimed}: ${describe(data)}`);
    assert.ok(message.type !== "malformed", `the client would drop this ${claimed} message: ${describe(data)}`);
    return message as Extract<RelayToClient, { readonly type: T }>;
  }
}

/** What a message that surprised a test held: a failure's account, else its keys. */
function describe(data: unknown): string {
  if (typeof data !== "object" || data === null) return String(data);
  const fields = data as Readonly<Record<string, unknown>>;
  return fields["type"] === "failure" ? `${String(fields["code"])}: ${String(fields["message"])}` : JSON.stringify(Object.keys(fields));
}
