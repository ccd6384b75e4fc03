// One hidden relay frame on a service's origin, its handshake, and the calls that travel over its MessagePort.

import {
  ErrorCode,
  PROTOCOL_VERSION,
  envelope,
  type FailureMessage,
  type RequestMessage,
  type ResponseMessage,
} from "../protocol/messages.js";
import { readEnvelope, readFailure, readRefused, readResponse } from "../protocol/validate.js";
import { BridgeError, describe } from "./errors.js";

export interface RelayTimings {
  /** How long the whole handshake may take, from creating the frame to the relay's answer. */
  readonly handshakeTimeout: number;
  /** How long a relay frame that has finished loading may take to answer the hello. */
  readonly answerTimeout: number;
}

export type OutgoingRequest = Omit<RequestMessage, "ns" | "v" | "type" | "id">;

interface PendingCall {
  readonly resolve: (message: ResponseMessage) => void;
  readonly reject: (error: unknown) => void;
}

type State = "connecting" | "ready" | "dead";

export class RelayConnection {
  readonly relayUrl: string;
  readonly relayOrigin: string;

  private state: State = "connecting";
  private readonly frame: HTMLIFrameElement;
  private port: MessagePort | null = null;
  private readonly pending = new Map<string, PendingCall>();
  private readonly handshake: Promise<MessagePort>;
  private settleHandshake!: { resolve: (port: MessagePort) => void; reject: (error: BridgeError) => void };
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly removalObserver: MutationObserver;
  private readonly onWindowMessage = (event: MessageEvent): void => this.receiveWindowMessage(event);

  constructor(
    relayUrl: URL,
    private readonly timings: RelayTimings,
    private readonly onDead: (connection: RelayConnection) => void,
  ) {
    this.relayUrl = relayUrl.href;
    this.relayOrigin = relayUrl.origin;
    this.handshake = new Promise<MessagePort>((resolve, reject) => {
      this.settleHandshake = { resolve, reject };
    });
    // Callers await the handshake through send(); this keeps an unobserved failure from being reported as unhandled.
    this.handshake.catch(() => undefined);

    window.addEventListener("message", this.onWindowMessage);
    this.frame = document.createElement("iframe");
    this.frame.hidden = true;
    this.frame.title = "Bridge relay";
    this.frame.setAttribute("aria-hidden", "true");
    this.frame.tabIndex = -1;
    this.frame.addEventListener("load", () => this.frameLoaded());
    // src before insertion, so the frame never shows an initial about:blank document to us.
    this.frame.src = this.relayUrl;
    const host = document.body ?? document.documentElement;
    host.appendChild(this.frame);
    this.removalObserver = new MutationObserver(() => {
      if (!this.frame.isConnected) this.die(ErrorCode.RelayLost);
    });
    this.removalObserver.observe(host, { childList: true });
    this.startTimer(this.timings.handshakeTimeout, () =>
      this.die(ErrorCode.HandshakeTimeout, `no answer within ${this.timings.handshakeTimeout} ms`),
    );
  }

  get isDead(): boolean {
    return this.state === "dead";
  }

  /** Sends one request; resolves with the relay's response message, rejects with a BridgeError. */
  async send(request: OutgoingRequest, id: string, transfer: Transferable[]): Promise<ResponseMessage> {
    const port = await this.handshake;
    if (this.state === "dead") throw this.error(ErrorCode.RelayLost);
    const message: RequestMessage = { ...envelope("request"), id, ...request };
    return new Promise<ResponseMessage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      port.postMessage(message, transfer);
    });
  }

  /** Asks the relay to abort a call in flight; the caller has already rejected it. */
  abort(id: string): void {
    if (!this.pending.delete(id) || this.port === null) return;
    this.port.postMessage({ ...envelope("abort"), id });
  }

  /** Closes the relay frame; pending calls reject with the relay-closed error. */
  close(): void {
    this.die(ErrorCode.RelayClosed);
  }

  private frameLoaded(): void {
    if (this.state === "ready") {
      // A second load means the relay document was replaced (reload or navigation): its port is gone.
      this.die(ErrorCode.RelayLost);
      return;
    }
    if (this.state !== "connecting") return;
    this.frame.contentWindow?.postMessage(envelope("hello"), this.relayOrigin);
    // The relay's script registers its listener while the document parses, before the frame's load event, so a
    // live relay answers at once. Silence after load means the frame holds something else: a page refused by the
    // relay's frame-ancestors policy, a browser error page, or a page that is not a relay.
    this.startTimer(this.timings.answerTimeout, () => this.die(ErrorCode.RelayUnanswered));
  }

  private receiveWindowMessage(event: MessageEvent): void {
    if (event.source !== this.frame.contentWindow || event.origin !== this.relayOrigin) return;
    if (this.state !== "connecting") return;
    const info = readEnvelope(event.data);
    if (info === null) return;
    if (info.type === "refused") {
      const refused = readRefused(info.fields);
      if (refused !== null) this.die(refused.code, refused.message);
      return;
    }
    if (info.type !== "ready") return;
    if (info.v !== PROTOCOL_VERSION) {
      this.die(ErrorCode.VersionMismatch, `relay version ${info.v}, bridge.js version ${PROTOCOL_VERSION}`);
      return;
    }
    const port = event.ports[0];
    if (port === undefined) return;
    this.becomeReady(port);
  }

  private becomeReady(port: MessagePort): void {
    this.clearTimers();
    this.state = "ready";
    this.port = port;
    port.addEventListener("message", (event) => this.receivePortMessage(event));
    port.start();
    this.settleHandshake.resolve(port);
  }

  private receivePortMessage(event: MessageEvent): void {
    const info = readEnvelope(event.data);
    if (info === null || info.v !== PROTOCOL_VERSION) return;
    if (info.type === "response") {
      const response = readResponse(info.fields);
      if (response === null) return this.refuseMalformed(info.fields);
      this.takePending(response.id)?.resolve(response);
    } else if (info.type === "failure") {
      const failure = readFailure(info.fields);
      if (failure === null) return this.refuseMalformed(info.fields);
      this.takePending(failure.id)?.reject(this.failureError(failure));
    }
  }

  /** A malformed answer to a known call rejects that call, so it cannot hang; anything else is ignored. */
  private refuseMalformed(fields: Readonly<Record<string, unknown>>): void {
    const id = fields["id"];
    if (typeof id !== "string") return;
    this.takePending(id)?.reject(this.error(ErrorCode.ProtocolError, "malformed response"));
  }

  private takePending(id: string): PendingCall | undefined {
    const call = this.pending.get(id);
    if (call !== undefined) this.pending.delete(id);
    return call;
  }

  private failureError(failure: FailureMessage): BridgeError {
    if (failure.code === ErrorCode.NetworkError) {
      return this.error(failure.code, failure.message, { cause: new TypeError(failure.message) });
    }
    return this.error(failure.code, failure.message);
  }

  private die(code: ErrorCode, detail?: string): void {
    if (this.state === "dead") return;
    this.state = "dead";
    const error = this.error(code, detail);
    this.clearTimers();
    this.removalObserver.disconnect();
    window.removeEventListener("message", this.onWindowMessage);
    this.port?.close();
    this.frame.remove();
    this.settleHandshake.reject(error);
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
    this.onDead(this);
  }

  private error(code: ErrorCode, detail?: string, options?: ErrorOptions): BridgeError {
    return new BridgeError(code, this.relayUrl, describe(code, this.relayUrl, location.origin, detail), options);
  }

  private startTimer(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
