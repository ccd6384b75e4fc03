// Things that arrive one at a time (messages on a port, posts to a window, calls to fetch), kept in order for a test
// to take as they come: a test awaits the next one rather than sleeping.

/** A promise and what settles it (Node 20 has no Promise.withResolvers). */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

export class Queue<T> {
  private readonly items: T[] = [];
  private readonly waiting: Array<Deferred<T>> = [];
  private count = 0;

  push(item: T): void {
    this.count++;
    const waiter = this.waiting.shift();
    if (waiter === undefined) this.items.push(item);
    else waiter.resolve(item);
  }

  /** The next item nobody has taken, as soon as it has come. */
  next(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    const waiter = deferred<T>();
    this.waiting.push(waiter);
    return waiter.promise;
  }

  /** The items that have come and nobody has taken, taken now. */
  drain(): T[] {
    return this.items.splice(0);
  }

  /** How many items have come in all, taken or not. */
  get total(): number {
    return this.count;
  }
}

/** One message as it arrived on a port: its data and the ports that came with it. */
export interface Arrival {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}

/** The messages that arrive on `port`, from now on. */
export function listen(port: MessagePort): Queue<Arrival> {
  const queue = new Queue<Arrival>();
  port.addEventListener("message", (event: MessageEvent) => queue.push({ data: event.data, ports: event.ports }));
  port.start();
  return queue;
}

/** For a test that waits on another party: one that never answers fails the test within this bound, not the run. */
export const WAITS = { timeout: 10_000 } as const;
