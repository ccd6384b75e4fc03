// The page's end of a relay session's MessagePort, for tests of the relay: it sends what bridge.js sends, or anything
// at all, and reads every answer with the readers bridge.js uses, so an answer the client would drop fails the test.

import assert from "node:assert/strict";

import {
  addressed,
  type ChunkMessage,
  type FailureMessage,
  type RequestMessage,
  type ResponseMessage,
} from "../../src/protocol/messages.js";
import { readChunk, readEnvelope, readFailure, readId, readResponse, type EnvelopeInfo } from "../../src/protocol/validate.js";
import { listen, type Arrival, type Queue } from "./queue.js";

export class ClientEnd {
  private readonly inbox: Queue<Arrival>;
  private settles = 0;

  constructor(readonly port: MessagePort) {
    this.inbox = listen(port);
  }

  /** Posts anything: a hostile or malformed message as well as a valid one. */
  send(data: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(data, transfer);
  }

  request(request: RequestMessage): void {
    this.send(request, request.body === null ? [] : [request.body]);
  }

  abort(id: string): void {
    this.send(addressed("abort", id));
  }

  pull(id: string): void {
    this.send(addressed("pull", id));
  }

  cancel(id: string): void {
    this.send(addressed("cancel", id));
  }

  ping(id: string): void {
    this.send(addressed("ping", id));
  }

  /** The next message, whatever it is (null: not even an envelope). */
  async next(): Promise<EnvelopeInfo | null> {
    return readEnvelope((await this.inbox.next()).data);
  }

  async response(): Promise<ResponseMessage> {
    return read(await this.take("response"), readResponse);
  }

  /** The next message, which must be the answer to a request: a response or a failure. */
  async answer(): Promise<ResponseMessage | FailureMessage> {
    const info = await this.take("response", "failure");
    return info.type === "response" ? read(info, readResponse) : read(info, readFailure);
  }

  async failure(): Promise<FailureMessage> {
    return read(await this.take("failure"), readFailure);
  }

  async chunk(): Promise<ChunkMessage> {
    return read(await this.take("chunk"), readChunk);
  }

  /** The next message, which must be a chunk or the end of a chunked body (then null). */
  async chunkOrEnd(): Promise<ChunkMessage | null> {
    const info = await this.take("chunk", "end");
    if (info.type === "chunk") return read(info, readChunk);
    read(info, readId);
    return null;
  }

  /** The id of the next message, which must be an "end". */
  async end(): Promise<string> {
    return read(await this.take("end"), readId);
  }

  /** The id of the next message, which must be a "pong". */
  async pong(): Promise<string> {
    return read(await this.take("pong"), readId);
  }

  async closing(): Promise<void> {
    await this.take("closing");
  }

  /**
   * Pings and waits for the pong: whatever the relay sent before it answered has then arrived, and is returned (its
   * types). Proves that nothing was sent in answer to messages handled at once, such as a refused or ignored one.
   */
  async settle(): Promise<string[]> {
    const id = `settle-${++this.settles}`;
    this.ping(id);
    const before: string[] = [];
    for (;;) {
      const info = await this.next();
      if (info?.type === "pong" && readId(info.fields) === id) return before;
      before.push(info?.type ?? "(not a message)");
    }
  }

  close(): void {
    this.port.close();
  }

  /** The next message, which must be of one of these types. */
  private async take(...types: readonly string[]): Promise<EnvelopeInfo> {
    const expected = types.join(" or ");
    const info = await this.next();
    assert.ok(info !== null, `expected a ${expected} message, got something that is no message`);
    assert.ok(types.includes(info.type), `expected a ${expected} message, got ${info.type}: ${describe(info)}`);
    return info;
  }
}

function read<T>(info: EnvelopeInfo, reader: (fields: EnvelopeInfo["fields"]) => T | null): T {
  const message = reader(info.fields);
  assert.ok(message !== null, `the client would drop this ${info.type} message: ${describe(info)}`);
  return message;
}

function describe(info: EnvelopeInfo): string {
  const fields = info.fields;
  return info.type === "failure" ? `${String(fields["code"])}: ${String(fields["message"])}` : JSON.stringify(Object.keys(fields));
}
