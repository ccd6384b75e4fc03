// The relay's end of a session, for tests of bridge.js's connection. It reads what the client sends with the relay's
// own readers and answers as relay/serve does (a response head, then the body whole, transferred or one chunk per
// pull; a failure; a pong), but each call is answered by the test, which may also go silent, say "closing", or send anything.
// test/harness/fake-relay.test.ts holds it to the real relay's answers.

import {
  CHUNK_CREDIT_VERSION,
  CHUNK_WINDOW,
  ErrorCode,
  PROTOCOL_VERSION,
  SUPPORTED_VERSIONS,
  addressed,
  envelope,
  negotiateVersion,
  type ChunkMessage,
  type FailureMessage,
  type HeaderList,
  type PortToClient,
  type ReadyMessage,
  type RefusedMessage,
  type RelayToClient,
  type RequestMessage,
  type ResponseMessage,
} from "../../src/protocol/messages.js";
import { readClientMessage } from "../../src/protocol/validate.js";
import { Queue, deferred } from "./queue.js";

/** What a response says besides its body. Left out: 200, no status text or headers, the request's URL, no redirect. */
export interface ResponseHead {
  readonly status?: number;
  readonly statusText?: string;
  readonly headers?: HeaderList;
  readonly url?: string;
  readonly redirected?: boolean;
}

/** One request the relay has received, waiting for the test to answer it. */
export class RelayCall {
  private readonly abortedOnce = deferred<void>();
  private readonly cancelledOnce = deferred<void>();
  private body: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private pullCount = 0;
  private over = false;

  constructor(
    readonly request: RequestMessage,
    private readonly session: FakeRelay,
  ) {}

  /** Resolves when the client aborts the call before its response. */
  get aborted(): Promise<void> {
    return this.abortedOnce.promise;
  }

  /** Resolves when the client sends "cancel" for the call's body. */
  get cancelled(): Promise<void> {
    return this.cancelledOnce.promise;
  }

  /** How many pulls the client sent for the chunked body. */
  get pulls(): number {
    return this.pullCount;
  }

  /**
   * Answers with this head and body: the body transferred as a stream where the client takes streams, else read one
   * chunk per pull and sent as chunk messages, then "end" (or a failure, if the body errors).
   */
  respond(head: ResponseHead = {}, body: ReadableStream<Uint8Array> | null = null): void {
    const message = this.head(head);
    if (body !== null && this.session.transferStreams) {
      // The call stays open, as the real relay's does while the body flows: bridge.js also says "cancel" in words.
      const answer: ResponseMessage = { ...message, body, chunked: false };
      this.session.post(answer, [body]);
      return;
    }
    const answer: ResponseMessage = { ...message, body: null, chunked: body !== null };
    this.session.post(answer);
    if (body === null) return this.session.finish(this.request.id);
    this.body = body.getReader();
    // From version 4 the response credits the client with a window of chunks, which go unasked.
    if (this.session.version >= CHUNK_CREDIT_VERSION) for (let credit = 0; credit < CHUNK_WINDOW; credit++) void this.sendChunk();
  }

  /** Answers with this head and the whole body inline (protocol version 3), as the relay answers a small body. */
  respondWhole(head: ResponseHead, body: ArrayBuffer): void {
    const answer: ResponseMessage = { ...this.head(head), body, chunked: false };
    this.session.post(answer, [body]);
    this.session.finish(this.request.id);
  }

  private head(head: ResponseHead): Omit<ResponseMessage, "body" | "chunked"> {
    return {
      ...addressed("response", this.request.id, this.session.version),
      status: head.status ?? 200,
      statusText: head.statusText ?? "",
      headers: head.headers ?? [],
      url: head.url ?? this.request.url,
      redirected: head.redirected ?? false,
    };
  }

  /** Fails the call (or, after a chunked response, its body) with this code and message. */
  fail(code: ErrorCode, message: string): void {
    const failure: FailureMessage = { ...addressed("failure", this.request.id, this.session.version), code, message };
    this.session.post(failure);
    this.session.finish(this.request.id);
  }

  /** Fails the call as the relay does when its fetch meets a network error, with the engine's message. */
  failNetwork(engineMessage = "Failed to fetch"): void {
    this.fail(ErrorCode.NetworkError, `TypeError: ${engineMessage}`);
  }

  /** @internal The client's pull: the next chunk of a chunked body, or its end. */
  pulled(): void {
    if (this.body === null) return;
    this.pullCount++;
    void this.sendChunk();
  }

  /** The next chunk of the chunked body, or its end or failure, which go once whatever reads wait for them. */
  private async sendChunk(): Promise<void> {
    const reader = this.body;
    if (reader === null) return;
    try {
      const { done, value } = await reader.read();
      if (done) {
        if (this.over) return;
        this.over = true;
        this.session.finish(this.request.id);
        this.session.post(addressed("end", this.request.id, this.session.version));
        return;
      }
      const chunk: ChunkMessage = { ...addressed("chunk", this.request.id, this.session.version), data: value.slice().buffer as ArrayBuffer };
      this.session.post(chunk, [chunk.data]);
    } catch (error) {
      if (this.over) return;
      this.over = true;
      this.failNetwork(error instanceof Error ? error.message : String(error));
    }
  }

  /** @internal The client's abort or cancel. */
  stopped(how: "abort" | "cancel"): void {
    if (how === "abort") this.abortedOnce.resolve();
    else this.cancelledOnce.resolve();
    this.body?.cancel().catch(() => undefined);
  }
}

export interface FakeRelayOptions {
  /** Whether the client said, in its hello, that it takes transferred streams. */
  readonly transferStreams?: boolean;
  /** The protocol version the session speaks. Default: this build's own. */
  readonly version?: number;
}

/** Call control that names no call is dropped uncounted, as the real relay drops it: it may follow the call's end. */
const CALL_CONTROL: ReadonlySet<string> = new Set(["abort", "cancel", "pull", "ping"]);

export class FakeRelay {
  readonly transferStreams: boolean;
  readonly version: number;
  /** Whether pings are answered; false plays a relay that has hung. */
  answerPings = true;
  private readonly calls = new Map<string, RelayCall>();
  private readonly received = new Queue<RelayCall>();
  private pingCount = 0;
  private ignoredCount = 0;
  /** The port as the relay holds it: what the fake says of its own accord is held to the protocol. */
  private readonly toClient: PortToClient;

  constructor(
    private readonly port: MessagePort,
    options: FakeRelayOptions = {},
  ) {
    this.transferStreams = options.transferStreams ?? true;
    this.version = options.version ?? PROTOCOL_VERSION;
    this.toClient = port;
    port.addEventListener("message", (event: MessageEvent) => this.take(event.data));
    port.start();
  }

  /** The next request the client sends, as soon as it has. */
  nextCall(): Promise<RelayCall> {
    return this.received.next();
  }

  /** The pings received, answered or not. */
  get pings(): number {
    return this.pingCount;
  }

  /** The messages the real relay would have ignored: not protocol messages, malformed, or of a call in use. */
  get ignored(): number {
    return this.ignoredCount;
  }

  /** Posts anything to the client: a malformed or unexpected answer as well as a valid one. */
  send(data: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(data, transfer);
  }

  /** @internal Posts one of the relay's messages to the client. */
  post(message: RelayToClient, transfer: Transferable[] = []): void {
    this.toClient.postMessage(message, transfer);
  }

  /** Says "closing" and closes, as the relay does when its document goes away. */
  closing(): void {
    this.post(envelope("closing", this.version));
    this.close();
  }

  close(): void {
    this.port.close();
  }

  /** @internal Nothing more can be sent or cancelled for this call. */
  finish(id: string): void {
    this.calls.delete(id);
  }

  /** Reads and takes what the client sent over the port, or to the relay's window before the ready, as serve does. */
  take(data: unknown): void {
    const message = readClientMessage(data);
    if (message === null || message.v !== this.version) {
      this.ignoredCount++;
      return;
    }
    switch (message.type) {
      case "request": {
        if (this.calls.has(message.id)) {
          this.ignoredCount++;
          return;
        }
        const received = new RelayCall(message, this);
        this.calls.set(message.id, received);
        this.received.push(received);
        return;
      }
      case "abort":
      case "cancel": {
        const call = this.calls.get(message.id);
        this.calls.delete(message.id);
        call?.stopped(message.type);
        return;
      }
      case "pull":
        void this.calls.get(message.id)?.pulled();
        return;
      case "ping":
        this.pingCount++;
        if (this.answerPings) this.post(addressed("pong", message.id, this.version));
        return;
      case "malformed":
        if (!CALL_CONTROL.has(message.claimed)) this.ignoredCount++;
        return;
      case "hello":
        this.ignoredCount++;
    }
  }
}

/** A session: the fake relay on one end of a new channel, and the other end, which "ready" gives the client. */
export function relaySession(options: FakeRelayOptions = {}): { readonly relay: FakeRelay; readonly clientPort: MessagePort } {
  const channel = new MessageChannel();
  return { relay: new FakeRelay(channel.port1, options), clientPort: channel.port2 };
}

/** What the relay page answers to a hello: ready with the session's port, or a refusal. */
export type HelloAnswer =
  | { readonly kind: "ready"; readonly message: ReadyMessage; readonly clientPort: MessagePort; readonly relay: FakeRelay }
  | { readonly kind: "refused"; readonly message: RefusedMessage };

/**
 * The relay page's answer to a message from its parent, as relay/main gives it once it has checked the sender: null
 * for what is no hello (the relay ignores it), a refusal where no version is shared, else ready, with a new session
 * whose port goes to the client as the message's transfer. `relayVersions`: the versions the relay speaks (an older
 * relay's fewer).
 */
export function answerHello(data: unknown, relayVersions: readonly number[] = SUPPORTED_VERSIONS): HelloAnswer | null {
  const hello = readClientMessage(data);
  if (hello?.type !== "hello") return null;
  const version = negotiateVersion(relayVersions, hello.versions);
  if (version === null) {
    return {
      kind: "refused",
      message: { ...envelope("refused"), code: ErrorCode.VersionMismatch, message: "no version in common" },
    };
  }
  const { relay, clientPort } = relaySession({ transferStreams: hello.streams, version });
  return { kind: "ready", message: { ...envelope("ready"), v: version }, clientPort, relay };
}
