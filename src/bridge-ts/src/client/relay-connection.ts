// One hidden relay frame on a service's origin, its handshake, and the calls that travel over its MessagePort.
// Nothing here waits without a bound: the handshake has a timeout, a dead relay is noticed (frame removed, relay
// document unloading, no answer to liveness checks), and its death rejects every pending call and errors every
// body still being read.

import {
  ErrorCode,
  HELLO_VERSION,
  PROTOCOL_VERSION,
  SUPPORTED_VERSIONS,
  addressed,
  describeVersions,
  envelope,
  type FailureMessage,
  type HelloMessage,
  type PortToRelay,
  type RequestMessage,
  type ResponseMessage,
} from "../protocol/messages.js";
import { readRelayMessage } from "../protocol/validate.js";
import { relayFrameUrl } from "../protocol/relay-url.js";
import {
  bridgeError,
  engineNetworkMessage,
  explain,
  isBridgeError,
  isNetworkFailure,
  knownNetworkMessage,
  relayedNetworkMessage,
  warnOfNetworkFailure,
  type BridgeError,
} from "./errors.js";

export interface RelaySettings {
  /** How long the whole handshake may take, from creating the frame to the relay's answer. */
  readonly handshakeTimeout: number;
  /** How long a relay frame that has finished loading may take to answer the hello. */
  readonly answerTimeout: number;
  /** How long a busy relay may leave liveness checks unanswered before it counts as lost. */
  readonly livenessTimeout: number;
  /** Whether response bodies may travel as transferred streams (otherwise as chunk messages). */
  readonly transferStreams: boolean;
}

export type OutgoingRequest = Omit<RequestMessage, "ns" | "v" | "type" | "id">;

interface PendingCall {
  readonly resolve: (message: ResponseMessage) => void;
  readonly reject: (error: unknown) => void;
}

/** A response body as the caller reads it, and what errored it, once something has. */
export interface ResponseBody {
  readonly stream: ReadableStream<Uint8Array>;
  readonly failure: { readonly error: unknown } | null;
  /**
   * Calls `listener` with the error in the very turn the body fails (at once if it has), so that a reader of the body
   * can reject then, as fetch's readers do, rather than a promise hop later. Returns what stops listening.
   */
  whenFailed(listener: (error: unknown) => void): () => void;
}

/** Receives the chunk messages of one chunked body. */
interface ChunkSink {
  chunk(data: ArrayBuffer): void;
  end(): void;
  fail(error: BridgeError): void;
}

type State = "connecting" | "ready" | "dead";

const LIVENESS_INTERVAL_MS = 1_000;

export class RelayConnection {
  readonly relayUrl: string;
  readonly relayOrigin: string;

  private state: State = "connecting";
  private readonly frame: HTMLIFrameElement;
  private port: PortToRelay | null = null;
  private readonly pending = new Map<string, PendingCall>();
  private readonly chunkSinks = new Map<string, ChunkSink>();
  /** Reads of response bodies that wait on the relay: like pending calls, they need it alive. */
  private activeReads = 0;
  private readonly handshake: Promise<PortToRelay>;
  private settleHandshake!: { resolve: (port: PortToRelay) => void; reject: (error: BridgeError) => void };
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private liveness: ReturnType<typeof setInterval> | null = null;
  /** Liveness checks in a row that nothing from the relay has followed. */
  private unanswered = 0;
  private lastCheck = 0;
  private pingCount = 0;
  /** What ended the connection, for the calls that find it dead (a network failure may wait for its message). */
  private death: Promise<BridgeError> | null = null;
  /** Aborted, with the relay's death as reason, when the relay dies: guarded bodies listen to it. */
  private readonly lost = new AbortController();
  private readonly removalObserver: MutationObserver;
  private readonly onWindowMessage = (event: MessageEvent): void => this.receiveWindowMessage(event);

  constructor(
    relayUrl: URL,
    private readonly settings: RelaySettings,
    private readonly onDead: (connection: RelayConnection) => void,
  ) {
    this.relayUrl = relayUrl.href;
    this.relayOrigin = relayUrl.origin;
    this.handshake = new Promise<PortToRelay>((resolve, reject) => {
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
    this.frame.src = relayFrameUrl(relayUrl, location.origin).href;
    const host = document.body ?? document.documentElement;
    host.appendChild(this.frame);
    this.removalObserver = new MutationObserver(() => {
      if (!this.frame.isConnected) this.die(ErrorCode.RelayLost, "the relay frame was removed from the page");
    });
    this.removalObserver.observe(host, { childList: true });
    this.startTimer(this.settings.handshakeTimeout, () =>
      this.die(ErrorCode.HandshakeTimeout, `no answer within ${this.settings.handshakeTimeout} ms`),
    );
  }

  /**
   * False once the connection has died. Notices a frame taken out of the page with an ancestor (a page that swaps
   * its body, say), which the observer of the frame's parent does not see.
   */
  isAlive(): boolean {
    if (this.state !== "dead" && !this.frame.isConnected) this.die(ErrorCode.RelayLost, "the relay frame was removed from the page");
    return this.state !== "dead";
  }

  /** Resolves once the handshake is done; rejects with the BridgeError that ended the connection. */
  async ready(): Promise<void> {
    await this.handshake;
    await this.throwIfDead();
  }

  /**
   * Sends one request once the relay is ready; resolves with the relay's response message, rejects with a
   * BridgeError. A call whose signal aborts while it waits for the handshake is never sent.
   */
  async send(request: OutgoingRequest, id: string, transfer: Transferable[], signal: AbortSignal): Promise<ResponseMessage> {
    const port = await this.handshake;
    await this.throwIfDead();
    signal.throwIfAborted();
    return new Promise<ResponseMessage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.watchLiveness();
      port.postMessage({ ...addressed("request", id), ...request }, transfer);
    });
  }

  /** Asks the relay to abort a call whose response has not come; the caller has already rejected it. */
  abort(id: string): void {
    if (!this.pending.delete(id) || this.port === null) return;
    this.port.postMessage(addressed("abort", id));
    this.watchLiveness();
  }

  /**
   * The body of a response, as the caller reads it: bytes come from the transferred stream or from chunk messages;
   * the caller's signal or the relay's death errors it; cancelling it cancels the relay's fetch. The relay is
   * watched while a read waits on it, not while a body lies unread.
   */
  body(message: ResponseMessage, signal: AbortSignal): ResponseBody | null {
    const source = message.chunked ? this.chunkedSource(message.id) : message.body;
    if (source === null) return null;
    const cancelAtRelay = (): void => {
      if (this.state !== "dead") this.port?.postMessage(addressed("cancel", message.id));
    };
    // A body that fails once the relay is dead fails with the relay's death, whatever its own stream says.
    const translate = (error: unknown): Promise<unknown> => this.death ?? this.bodyError(error);
    return guard(source, AbortSignal.any([signal, this.lost.signal]), translate, cancelAtRelay, (active) => {
      this.activeReads += active ? 1 : -1;
      this.watchLiveness();
    });
  }

  /** The error of a call whose answer could not be used, with what went wrong as its cause. */
  protocolError(detail: string, cause: unknown): BridgeError {
    return this.refusal(ErrorCode.ProtocolError, detail, cause);
  }

  private async throwIfDead(): Promise<void> {
    if (!this.isAlive()) throw await (this.death ?? this.error(ErrorCode.RelayLost));
  }

  /** Closes the relay frame; pending calls reject with the relay-closed error. */
  close(): void {
    this.die(ErrorCode.RelayClosed);
  }

  private frameLoaded(): void {
    if (this.state === "ready") {
      // A second load means the relay document was replaced (reload or navigation): its port is gone.
      this.die(ErrorCode.RelayLost, "the relay frame loaded another document");
      return;
    }
    if (this.state !== "connecting") return;
    const hello: HelloMessage = {
      ...envelope("hello"),
      v: HELLO_VERSION,
      versions: SUPPORTED_VERSIONS,
      streams: this.settings.transferStreams,
    };
    this.frame.contentWindow?.postMessage(hello, this.relayOrigin);
    // The relay's script registers its listener while the document parses, before the frame's load event, so a
    // live relay answers at once. Silence after load means the frame holds something else: a page refused by the
    // relay's frame-ancestors policy, a browser error page, or a page that is not a relay.
    this.startTimer(this.settings.answerTimeout, () => this.die(ErrorCode.RelayUnanswered));
  }

  private receiveWindowMessage(event: MessageEvent): void {
    if (event.source !== this.frame.contentWindow || event.origin !== this.relayOrigin) return;
    if (this.state !== "connecting") return;
    const message = readRelayMessage(event.data);
    if (message?.type === "refused") {
      this.die(message.code, message.message);
      return;
    }
    if (message?.type !== "ready") return;
    // The relay's choice: the highest version both speak (a relay before negotiation answers with its own).
    if (!SUPPORTED_VERSIONS.includes(message.v)) {
      this.die(ErrorCode.VersionMismatch, `relay version ${message.v}, bridge.js ${describeVersions(SUPPORTED_VERSIONS)}`);
      return;
    }
    const port = event.ports[0];
    if (port === undefined) return;
    this.becomeReady(port);
  }

  private becomeReady(port: PortToRelay): void {
    this.clearTimers();
    this.state = "ready";
    this.port = port;
    port.addEventListener("message", (event) => this.receivePortMessage(event));
    port.start();
    this.settleHandshake.resolve(port);
  }

  private receivePortMessage(event: MessageEvent): void {
    const message = readRelayMessage(event.data);
    if (message === null || message.v !== PROTOCOL_VERSION) return;
    this.unanswered = 0;
    switch (message.type) {
      case "response":
        this.takePending(message.id)?.resolve(message);
        return;
      case "failure": {
        const call = this.takePending(message.id);
        void this.failureError(message).then((error) => {
          if (call !== undefined) call.reject(error);
          else this.chunkSinks.get(message.id)?.fail(error);
        });
        return;
      }
      case "chunk":
        this.chunkSinks.get(message.id)?.chunk(message.data);
        return;
      case "end":
        this.chunkSinks.get(message.id)?.end();
        return;
      case "closing":
        this.die(ErrorCode.RelayLost, "the relay document is going away");
        return;
      case "malformed":
        // A malformed answer to a known call rejects that call, so it cannot hang; anything else is ignored.
        if ((message.claimed === "response" || message.claimed === "failure") && message.id !== null) {
          this.takePending(message.id)?.reject(this.refusal(ErrorCode.ProtocolError, "malformed response"));
        }
        return;
    }
  }

  /** A chunked body: each read asks the relay for one chunk, so neither side buffers more than the caller reads. */
  private chunkedSource(id: string): ReadableStream<Uint8Array> {
    const port = this.port;
    if (port === null) throw this.refusal(ErrorCode.ProtocolError, "chunked body before the handshake");
    let waiting: { resolve: () => void; controller: ReadableStreamDefaultController<Uint8Array> } | null = null;
    const settle = (action: (controller: ReadableStreamDefaultController<Uint8Array>) => void): void => {
      if (waiting === null) return;
      const { resolve, controller } = waiting;
      waiting = null;
      action(controller);
      resolve();
    };
    this.chunkSinks.set(id, {
      chunk: (data) => settle((controller) => controller.enqueue(new Uint8Array(data))),
      end: () => {
        this.chunkSinks.delete(id);
        settle((controller) => controller.close());
      },
      fail: (error) => {
        this.chunkSinks.delete(id);
        settle((controller) => controller.error(error));
      },
    });
    return new ReadableStream<Uint8Array>(
      {
        pull: (controller) =>
          new Promise<void>((resolve) => {
            waiting = { resolve, controller };
            port.postMessage(addressed("pull", id));
          }),
        cancel: () => {
          this.chunkSinks.delete(id);
          port.postMessage(addressed("cancel", id));
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** Turns whatever ended a body early into what fetch would give: a bridge error (a TypeError) with the cause. */
  private async bodyError(error: unknown): Promise<unknown> {
    if (isBridgeError(error)) return error;
    const bridgeCode = typeof error === "object" && error !== null ? (error as { bridgeCode?: unknown }).bridgeCode : undefined;
    if (bridgeCode === ErrorCode.TooLarge) {
      return this.refusal(ErrorCode.TooLarge, String((error as { message?: unknown }).message));
    }
    // The relay's stream errored with its fetch's own error (the engine's TypeError, carried across), if it could.
    const engineMessage = error instanceof TypeError && error.message !== "" ? error.message : undefined;
    return this.error(ErrorCode.NetworkError, "the response body failed", error, engineMessage);
  }

  private takePending(id: string): PendingCall | undefined {
    const call = this.pending.get(id);
    if (call !== undefined) {
      this.pending.delete(id);
      this.watchLiveness();
    }
    return call;
  }

  private failureError(failure: FailureMessage): Promise<BridgeError> {
    if (failure.code === ErrorCode.NetworkError) {
      // The relay's fetch failed in this same engine, so its message is the one this page's fetch would give.
      const engineMessage = relayedNetworkMessage(failure.message);
      return this.error(failure.code, failure.message, new TypeError(engineMessage ?? failure.message), engineMessage);
    }
    return this.error(failure.code, failure.message);
  }

  /** While calls or bodies are open, checks every second that the frame is in the page and the relay answers. */
  private watchLiveness(): void {
    const busy = this.state !== "dead" && (this.pending.size > 0 || this.activeReads > 0);
    if (busy && this.liveness === null) {
      this.unanswered = 0;
      this.lastCheck = performance.now();
      this.liveness = setInterval(() => this.checkLiveness(), LIVENESS_INTERVAL_MS);
    } else if (!busy && this.liveness !== null) {
      clearInterval(this.liveness);
      this.liveness = null;
    }
  }

  /**
   * Counts checks, not time: a page that stalls (a long task, an alert, a throttled tab) delays its checks and the
   * relay's answers alike, so a stall costs one unanswered check, however long it lasts. Checks that come in a burst
   * after a stall count once.
   */
  private checkLiveness(): void {
    if (!this.frame.isConnected) {
      this.die(ErrorCode.RelayLost, "the relay frame was removed from the page");
      return;
    }
    const now = performance.now();
    if (now - this.lastCheck < LIVENESS_INTERVAL_MS / 2) return;
    this.lastCheck = now;
    if (this.unanswered * LIVENESS_INTERVAL_MS >= this.settings.livenessTimeout) {
      this.die(
        ErrorCode.RelayLost,
        `the relay has not answered for ${this.unanswered} liveness checks in a row, ${LIVENESS_INTERVAL_MS} ms apart`,
      );
      return;
    }
    this.unanswered++;
    this.port?.postMessage(addressed("ping", `ping-${++this.pingCount}`));
  }

  private die(code: ErrorCode, detail?: string): void {
    if (this.state === "dead") return;
    this.state = "dead";
    this.clearTimers();
    if (this.liveness !== null) clearInterval(this.liveness);
    this.liveness = null;
    this.removalObserver.disconnect();
    window.removeEventListener("message", this.onWindowMessage);
    this.port?.close();
    this.frame.remove();
    const calls = [...this.pending.values()];
    this.pending.clear();
    const sinks = [...this.chunkSinks.values()];
    this.death = this.error(code, detail);
    void this.death.then((error) => {
      this.settleHandshake.reject(error);
      for (const call of calls) call.reject(error);
      for (const sink of sinks) sink.fail(error);
      this.lost.abort(error);
    });
    this.onDead(this);
  }

  /**
   * The error for `code` at this relay. A network failure's message is the engine's network-error message (the one
   * its fetch would give, so that retry logic written for fetch retries it): `engineMessage` where the failure came
   * with it, else the engine's, which the first such failure of the page waits for (errors.ts).
   */
  private async error(code: ErrorCode, detail?: string, cause?: unknown, engineMessage?: string): Promise<BridgeError> {
    if (!isNetworkFailure(code)) return this.refusal(code, detail, cause);
    const message = engineMessage ?? knownNetworkMessage() ?? (await engineNetworkMessage());
    return bridgeError(code, this.relayUrl, message, explain(code, this.relayUrl, location.origin, detail), cause);
  }

  /** An error that is no network failure: its message is the explanation itself. */
  private refusal(code: ErrorCode, detail?: string, cause?: unknown): BridgeError {
    const explanation = explain(code, this.relayUrl, location.origin, detail);
    return bridgeError(code, this.relayUrl, explanation, explanation, cause);
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

/**
 * Wraps a body so that the caller's signal (abort, timeout) and the relay's death error it at once, errors are
 * translated, and cancelling it cancels the source. Reads pull straight through: nothing is buffered here.
 * `reading` hears when a read starts waiting on the source and when it is answered.
 */
function guard(
  source: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  translate: (error: unknown) => Promise<unknown>,
  cancelled: () => void,
  reading: (active: boolean) => void,
): ResponseBody {
  const reader = source.getReader();
  let failure: { readonly error: unknown } | null = null;
  const failureListeners = new Set<(error: unknown) => void>();
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: unknown): void => {
    failure = { error };
    controller.error(error);
    for (const listener of failureListeners) listener(error);
    failureListeners.clear();
    warnOfNetworkFailure(error);
  };
  let finished = false;
  let onAbort = (): void => undefined;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    signal.removeEventListener("abort", onAbort);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          if (finished) return;
          fail(controller, signal.reason);
          reader.cancel(signal.reason).catch(() => undefined);
          // Some engines do not carry a transferred stream's cancel back to its source: say it in words too.
          cancelled();
          finish();
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      },
      async pull(controller) {
        reading(true);
        try {
          const { done, value } = await reader.read();
          if (finished) return;
          if (done) {
            controller.close();
            finish();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          if (finished) return;
          const translated = await translate(error);
          if (finished) return;
          fail(controller, translated);
          finish();
        } finally {
          reading(false);
        }
      },
      cancel(reason) {
        finish();
        cancelled();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    get failure() {
      return failure;
    },
    whenFailed(listener) {
      if (failure !== null) {
        listener(failure.error);
        return () => undefined;
      }
      failureListeners.add(listener);
      return () => failureListeners.delete(listener);
    },
  };
}
