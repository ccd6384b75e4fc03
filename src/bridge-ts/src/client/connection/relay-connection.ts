// One relay, reached through a transport (a hidden frame, say), and the calls that travel over its MessagePort once
// the handshake is done. Nothing here waits without a bound: the handshake has timeouts, a dead relay is noticed (its
// window gone, its document unloading, no answer to liveness checks), and its death rejects every pending call and
// errors every body still being read.

import {
  ErrorCode,
  PROTOCOL_VERSION,
  addressed,
  type ClientToRelay,
  type PortToRelay,
  type RequestMessage,
  type ResponseMessage,
} from "../../protocol/messages.js";
import { readRelayMessage } from "../../protocol/validate.js";
import type { BridgeError } from "../errors.js";
import { chunkedBody, type ChunkSink } from "./chunked-body.js";
import { bodyError, failureError, relayError, relayRefusal } from "./connection-errors.js";
import { guard, whole, type ResponseBody } from "./guarded-body.js";
import { handshake, type Handshake, type HandshakeSettings } from "./handshake.js";
import { liveness, type Liveness } from "./liveness.js";
import type { OpenTransport, RelayTransport } from "./transport.js";

export interface RelaySettings extends HandshakeSettings {
  /** How long a busy relay may leave liveness checks unanswered before it counts as lost. */
  readonly livenessTimeout: number;
}

export type OutgoingRequest = Omit<RequestMessage, "ns" | "v" | "type" | "id">;

interface PendingCall {
  readonly resolve: (message: ResponseMessage) => void;
  readonly reject: (error: unknown) => void;
}

export class RelayConnection {
  readonly #relayUrl: string;
  readonly #onDead: (connection: RelayConnection) => void;
  #dead = false;
  readonly #transport: RelayTransport;
  readonly #handshake: Handshake;
  readonly #liveness: Liveness;
  readonly #portReady: Promise<PortToRelay>;
  #resolvePort!: (port: PortToRelay) => void;
  #rejectPort!: (error: BridgeError) => void;
  #port: PortToRelay | null = null;
  /** The version the relay chose in the handshake: every message on the port carries it. */
  #version = 0;
  readonly #pending = new Map<string, PendingCall>();
  /**
   * Requests posted to the relay's window before its ready came, by id: a relay that chose another version than
   * theirs ignored them, and they go again over the port. The relay's document has been greeted by then (#greeted).
   */
  readonly #early = new Map<string, RequestMessage>();
  #greeted = false;
  readonly #chunkSinks = new Map<string, ChunkSink>();
  /** Reads of response bodies that wait on the relay: like pending calls, they need it alive. */
  #activeReads = 0;
  /** What ended the connection, for the calls that find it dead (a network failure may wait for its message). */
  #death: Promise<BridgeError> | null = null;
  /** Aborted, with the relay's death as reason, when the relay dies: guarded bodies listen to it. */
  readonly #lost = new AbortController();
  /** Posts what follows a request (pings, aborts, pulls, cancels), so the port is there by then. */
  readonly #post = (message: ClientToRelay): void => this.#port?.postMessage(message);

  constructor(
    relayUrl: URL,
    openTransport: OpenTransport,
    settings: RelaySettings,
    onDead: (connection: RelayConnection) => void,
  ) {
    this.#relayUrl = relayUrl.href;
    this.#onDead = onDead;
    this.#portReady = new Promise<PortToRelay>((resolve, reject) => {
      this.#resolvePort = resolve;
      this.#rejectPort = reject;
    });
    // Callers await the handshake through send(); this keeps an unobserved failure from being reported as unhandled.
    this.#portReady.catch(() => undefined);
    this.#liveness = liveness(settings.livenessTimeout, {
      alive: () => this.isAlive(),
      ping: (id) => this.#post(addressed("ping", id, this.#version)),
      lost: (detail) => this.#die(ErrorCode.RelayLost, detail),
    });
    this.#transport = openTransport(relayUrl, {
      loaded: () => this.#greet(),
      message: (event) => this.#handshake.answer(event),
      lost: (detail, code = ErrorCode.RelayLost) => this.#die(code, detail),
    });
    this.#handshake = handshake(this.#transport, settings, {
      ready: (port, version) => this.#becomeReady(port, version),
      failed: (code, detail) => this.#die(code, detail),
    });
  }

  /** False once the connection has died; asks the transport first, which notices a relay window gone unnoticed. */
  isAlive(): boolean {
    if (!this.#dead) this.#transport.check();
    return !this.#dead;
  }

  /** Resolves once the handshake is done; rejects with the BridgeError that ended the connection. */
  async ready(): Promise<void> {
    await this.#open();
  }

  /**
   * Sends one request once the relay is ready; resolves with the relay's response message, rejects with a
   * BridgeError. A call whose signal aborts while it waits for the handshake, or in the caller's own turn, is never
   * sent.
   */
  async send(request: OutgoingRequest, id: string, transfer: Transferable[], signal: AbortSignal | null): Promise<ResponseMessage> {
    // Once the relay's document has its hello, a call goes right behind it rather than after the ready; a microtask
    // later, as over a ready port, so that an abort in the caller's turn keeps it from being sent at all.
    const early = this.#port === null && this.#greeted && this.#transport.early !== undefined;
    const port = early ? await null : await this.#open();
    signal?.throwIfAborted();
    // Dead meanwhile (the frame removed, say): the handshake's failure says why.
    if (port === null && !this.isAlive()) await this.#open();
    return new Promise<ResponseMessage>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#watchLiveness();
      const message = { ...addressed("request", id, port ? this.#version : PROTOCOL_VERSION), ...request };
      if (port) return port.postMessage(message, transfer);
      this.#early.set(id, message);
      this.#transport.early?.(message);
    });
  }

  /** Asks the relay to abort a call whose response has not come; the caller has already rejected it. */
  abort(id: string): void {
    if (!this.#pending.delete(id)) return;
    if (this.#early.delete(id)) this.#transport.early?.(addressed("abort", id, PROTOCOL_VERSION));
    else this.#post(addressed("abort", id, this.#version));
    this.#watchLiveness();
  }

  /**
   * The body of a response, as the caller reads it: bytes come whole in the message (a small body, which needs the
   * relay no more), from the transferred stream or from chunk messages;
   * the caller's signal or the relay's death errors it; cancelling it cancels the relay's fetch. The relay is
   * watched while a read waits on it, not while a body lies unread. A whole body that no signal can abort is given
   * as it came, for a plain Response.
   */
  body(message: ResponseMessage, signal: AbortSignal): ResponseBody | null;
  body(message: ResponseMessage, signal: AbortSignal | null): ResponseBody | ArrayBuffer | null;
  body(message: ResponseMessage, signal: AbortSignal | null): ResponseBody | ArrayBuffer | null {
    if (message.body instanceof ArrayBuffer) return signal === null ? message.body : whole(message.body, signal);
    const source = message.chunked ? chunkedBody(message.id, this.#version, this.#chunkSinks, this.#post) : message.body;
    if (source === null) return null;
    const cancelAtRelay = (): void => {
      if (!this.#dead) this.#post(addressed("cancel", message.id, this.#version));
    };
    // A body that fails once the relay is dead fails with the relay's death, whatever its own stream says.
    const translate = (error: unknown): Promise<unknown> => this.#death ?? bodyError(this.#relayUrl, error);
    const stop = signal === null ? this.#lost.signal : AbortSignal.any([signal, this.#lost.signal]);
    return guard(source, stop, translate, cancelAtRelay, (active) => {
      this.#activeReads += active ? 1 : -1;
      this.#watchLiveness();
    });
  }

  /** The error of a call whose answer could not be used, with what went wrong as its cause. */
  protocolError(detail: string, cause?: unknown): BridgeError {
    return relayRefusal(this.#relayUrl, ErrorCode.ProtocolError, detail, cause);
  }

  /** Closes the relay; pending calls reject with the relay-closed error. */
  close(): void {
    this.#die(ErrorCode.RelayClosed);
  }

  /** The port once the handshake is done, if the connection is still alive. */
  async #open(): Promise<PortToRelay> {
    const port = await this.#portReady;
    if (!this.isAlive()) throw await (this.#death ?? relayError(this.#relayUrl, ErrorCode.RelayLost));
    return port;
  }

  /** Greets the document the relay's window has loaded; calls posted early to the one before it are lost with it. */
  #greet(): void {
    if (this.#early.size > 0) return this.#die(ErrorCode.RelayLost, "the relay frame loaded another document before it answered");
    this.#handshake.greet();
    this.#greeted = true;
  }

  #becomeReady(port: PortToRelay, version: number): void {
    this.#port = port;
    this.#version = version;
    port.addEventListener("message", (event) => this.#receive(event.data));
    port.start();
    // The calls posted early: a relay on their version has them; any other ignored them, so they go again.
    if (version !== PROTOCOL_VERSION) for (const message of this.#early.values()) port.postMessage({ ...message, v: version });
    this.#early.clear();
    this.#resolvePort(port);
    this.#watchLiveness();
  }

  #receive(data: unknown): void {
    const message = readRelayMessage(data);
    if (message === null || message.v !== this.#version) return;
    this.#liveness.heard();
    switch (message.type) {
      case "response":
        this.#takePending(message.id)?.resolve(message);
        return;
      case "failure": {
        const call = this.#takePending(message.id);
        void failureError(this.#relayUrl, message).then((error) => {
          if (call !== undefined) call.reject(error);
          else this.#chunkSinks.get(message.id)?.fail(error);
        });
        return;
      }
      case "chunk":
        this.#chunkSinks.get(message.id)?.chunk(message.data);
        return;
      case "end":
        this.#chunkSinks.get(message.id)?.end();
        return;
      case "closing":
        this.#transport.departed();
        return;
      case "malformed":
        // A malformed answer to a known call rejects that call, so it cannot hang; anything else is ignored.
        if ((message.claimed === "response" || message.claimed === "failure") && message.id !== null) {
          this.#takePending(message.id)?.reject(this.protocolError("malformed response"));
        }
        return;
    }
  }

  #takePending(id: string): PendingCall | undefined {
    const call = this.#pending.get(id);
    if (call !== undefined) {
      this.#pending.delete(id);
      this.#watchLiveness();
    }
    return call;
  }

  /** While calls or bodies are open, the relay is checked every second. */
  #watchLiveness(): void {
    // Not before the ready: until then the handshake's own timeouts bound the wait, and a ping has no port to go by.
    this.#liveness.watch(!this.#dead && this.#port !== null && (this.#pending.size > 0 || this.#activeReads > 0));
  }

  #die(code: ErrorCode, detail?: string): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#handshake.stop();
    this.#liveness.stop();
    this.#port?.close();
    this.#transport.close();
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    const sinks = [...this.#chunkSinks.values()];
    this.#death = relayError(this.#relayUrl, code, detail);
    void this.#death.then((error) => {
      this.#rejectPort(error);
      for (const call of calls) call.reject(error);
      for (const sink of sinks) sink.fail(error);
      this.#lost.abort(error);
    });
    this.#onDead(this);
  }
}
