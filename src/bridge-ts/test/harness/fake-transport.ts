// A transport for tests of bridge.js's connection without a browser: where the frame transport opens a hidden frame,
// this one opens a fake relay window the test drives. The window loads, is greeted, and answers the hello as the
// relay page does (answerHello: ready with a fake relay's port, or a refusal), or stays silent and lets the test post
// whatever it likes; it can load again, be lost, or go away unnoticed until the connection checks.

import type { ClientToRelay, HelloMessage } from "../../src/protocol/messages.js";
import type { OpenTransport, RelayTransport, TransportEvents } from "../../src/client/connection/transport.js";
import { answerHello, type FakeRelay } from "./fake-relay.js";
import { Queue, deferred, listen, type Arrival } from "./queue.js";

export interface FakeTransportOptions {
  /** How the window answers a hello: as the relay page does (the default), or not at all. */
  readonly answer?: "relay" | "silent";
  /** Whether the window loads by itself, a task after it is opened (the default); false: the test calls load(). */
  readonly loads?: boolean;
  /**
   * Whether the transport posts calls made before the ready to the relay's window, as a frame's does (default: no, as
   * a popup's); the relay's session takes them a task later, as relay/main does.
   */
  readonly early?: boolean;
  /** The versions the relay speaks: default this build's; an older relay's fewer. */
  readonly relayVersions?: readonly number[];
}

/** One relay window the connection opened, as the test drives it. */
export class RelayWindow {
  private readonly hellos = new Queue<HelloMessage>();
  /** What the connection posted to the window before the ready, besides its hellos, as the window received it. */
  readonly earlyPosts = new Queue<ClientToRelay>();
  private readonly session = deferred<FakeRelay>();
  private heardQueue: Queue<Arrival> | null = null;
  private isEstablished = false;
  private isClosed = false;
  private gone = false;
  private checkCount = 0;

  constructor(
    readonly relayUrl: URL,
    private readonly events: TransportEvents,
    private readonly options: FakeTransportOptions,
  ) {}

  /** The relay end of the session, once the window has answered a hello with ready. */
  get relay(): Promise<FakeRelay> {
    return this.session.promise;
  }

  /**
   * What the connection has received over the session's port, each message once the connection has handled it (its
   * listener comes first): a test that has taken a message knows the connection has seen it.
   */
  get heard(): Queue<Arrival> {
    if (this.heardQueue === null) throw new Error("the window has not given the connection a port");
    return this.heardQueue;
  }

  /** Whether the connection said the handshake is done. */
  get established(): boolean {
    return this.isEstablished;
  }

  /** Whether the connection closed the transport. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** The next hello the connection greeted the window's document with, as soon as it has. */
  nextHello(): Promise<HelloMessage> {
    return this.hellos.next();
  }

  /** How many hellos the connection sent in all. */
  get greetings(): number {
    return this.hellos.total;
  }

  /** How many times the connection asked whether the window is still there. */
  get checks(): number {
    return this.checkCount;
  }

  /** A document has loaded in the window: the connection greets it. */
  load(): void {
    if (!this.isClosed) this.events.loaded();
  }

  /**
   * Posts to the connection as the relay's window does: a task later, as postMessage delivers, cloned, these ports
   * transferred. Nothing comes once the connection has closed the transport, which stops listening.
   */
  post(data: unknown, ports: readonly MessagePort[] = []): void {
    setImmediate(() => {
      if (this.isClosed) return;
      const copy = structuredClone({ data, ports: [...ports] }, { transfer: [...ports] });
      this.events.message(new MessageEvent("message", { data: copy.data, origin: this.relayUrl.origin, ports: [...copy.ports] }));
      const [port] = copy.ports;
      // The connection has taken the port, and listens to it, by now (if it took it at all).
      if (port !== undefined && this.heardQueue === null) this.heardQueue = listen(port);
    });
  }

  /** The window is gone (its frame removed, its document replaced), and says so now. */
  lose(detail: string): void {
    if (!this.isClosed) this.events.lost(detail);
  }

  /** The window goes away unnoticed: the connection learns of it at its next check. */
  vanish(): void {
    this.gone = true;
  }

  /** @internal The transport's side of the window, as the connection calls it. */
  transport(): RelayTransport {
    return {
      greet: (hello) => {
        this.hellos.push(hello);
        if (this.options.answer !== "silent") this.answer(hello);
      },
      ...(this.options.early === true && {
        early: (message: ClientToRelay) => {
          // Cloned now, as postMessage does; the relay's session takes it a task later, if the hello opened one.
          const copy = structuredClone(message);
          this.earlyPosts.push(copy);
          setImmediate(() => void this.session.promise.then((relay) => relay.take(copy)));
        },
      }),
      established: () => {
        this.isEstablished = true;
      },
      check: () => {
        this.checkCount++;
        if (this.gone) this.lose("the relay window went away");
      },
      // As the frame transport words it.
      departed: () => this.lose("the relay document is going away"),
      close: () => {
        this.isClosed = true;
        this.session.promise.then((relay) => relay.close(), () => undefined);
      },
    };
  }

  /** Answers as the relay page does. */
  private answer(hello: HelloMessage): void {
    const answer = answerHello(hello, this.options.relayVersions);
    if (answer === null) return;
    if (answer.kind === "refused") {
      this.post(answer.message);
      return;
    }
    this.session.resolve(answer.relay);
    this.post(answer.message, [answer.clientPort]);
  }
}

/** Opens fake relay windows for a connection; the test takes each as the connection opens it. */
export class FakeTransport {
  private readonly windows = new Queue<RelayWindow>();

  constructor(private readonly options: FakeTransportOptions = {}) {}

  readonly open: OpenTransport = (relayUrl, events) => {
    const window = new RelayWindow(relayUrl, events, this.options);
    this.windows.push(window);
    // A window loads a task later at the earliest, never while the connection is still being made.
    if (this.options.loads !== false) setImmediate(() => window.load());
    return window.transport();
  };

  /** The next window the connection opened. */
  nextWindow(): Promise<RelayWindow> {
    return this.windows.next();
  }
}
