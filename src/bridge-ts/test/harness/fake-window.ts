// Windows for code that talks across frames with postMessage. A browser tells the receiver who posted (the event's
// origin and source) from the sender's realm; here the test says it, so a message can come from any origin and any
// window, a hostile one included. What a window is posted is kept for the test to take, with the target origin the
// sender named and the ports it transferred.

import { Queue } from "./queue.js";

/** A message event as a window receives it. Node's MessageEvent takes only a MessagePort as source. */
export class WindowMessageEvent extends Event {
  constructor(
    readonly data: unknown,
    readonly origin: string,
    readonly source: FakeWindow | null,
    readonly ports: readonly MessagePort[],
  ) {
    super("message");
  }
}

/** A call of postMessage on a window: what a browser would deliver if the target origin matched. */
export interface Posted {
  readonly data: unknown;
  readonly targetOrigin: string;
  readonly ports: readonly MessagePort[];
}

/** The members of Location that the code under test uses, and the navigations it asked for. */
export class FakeLocation {
  private url: URL;
  readonly replaced: string[] = [];

  constructor(href: string) {
    this.url = new URL(href);
  }

  get href(): string {
    return this.url.href;
  }

  get origin(): string {
    return this.url.origin;
  }

  /** Records the navigation; the document stays, as a test wants to see what it does next. */
  replace(href: string): void {
    this.replaced.push(new URL(href, this.url).href);
  }
}

export class FakeWindow extends EventTarget {
  readonly location: FakeLocation;
  /** The framing window, or this window itself when it is not framed. */
  readonly parent: FakeWindow;
  /** The window that opened this one as a popup, or null. */
  readonly opener: FakeWindow | null;
  private readonly posts = new Queue<Posted>();
  private readonly ports: MessagePort[] = [];

  constructor(href: string, parent?: FakeWindow, opener: FakeWindow | null = null) {
    super();
    this.location = new FakeLocation(href);
    this.parent = parent ?? this;
    this.opener = opener;
  }

  get origin(): string {
    return this.location.origin;
  }

  postMessage(data: unknown, targetOrigin: string, transfer: readonly Transferable[] = []): void {
    // Cloned as a browser clones it, transferred ports with it: the receiver gets its own copy, and data that cannot
    // be cloned throws here as it would there.
    const ports = transfer.filter((item): item is MessagePort => item instanceof MessagePort);
    const copy = structuredClone({ data, ports }, { transfer: [...transfer] });
    this.ports.push(...copy.ports);
    this.posts.push({ data: copy.data, targetOrigin, ports: copy.ports });
  }

  /** Closes every port transferred to this window, which closes their other ends: nothing keeps the test running. */
  closePorts(): void {
    for (const port of this.ports) port.close();
  }

  /** The next message posted to this window, as soon as it has been. */
  nextPost(): Promise<Posted> {
    return this.posts.next();
  }

  /** The messages posted to this window that nobody has taken, taken now. */
  takePosts(): Posted[] {
    return this.posts.drain();
  }

  /** Delivers a message to this window's listeners now, as if `source` on `origin` had posted it. */
  receive(data: unknown, from: { readonly origin: string; readonly source: FakeWindow | null; readonly ports?: readonly MessagePort[] }): void {
    this.dispatchEvent(new WindowMessageEvent(data, from.origin, from.source, from.ports ?? []));
  }
}

/**
 * Puts values in place of globals (window, document, location, fetch...) for the code under test; returns what puts
 * the old ones back.
 */
export function replaceGlobals(values: Readonly<Record<string, unknown>>): () => void {
  const saved = Object.keys(values).map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const [name, value] of Object.entries(values)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
  }
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor === undefined) Reflect.deleteProperty(globalThis, name);
      else Object.defineProperty(globalThis, name, descriptor);
    }
  };
}
