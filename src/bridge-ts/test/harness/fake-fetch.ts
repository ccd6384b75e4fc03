// A fetch the test answers by hand, and response bodies the test feeds one pull at a time: what the relay's requests
// reach instead of a service, so a test sees each request as made and decides its fate.

import type { Fetch } from "../../src/relay/serve.js";
import { Queue, deferred, type Deferred } from "./queue.js";

/** One call of the stub fetch, waiting for the test to answer it. */
export class FetchCall {
  private readonly answer: Deferred<Response> = deferred<Response>();
  readonly headers: Headers;

  constructor(
    readonly url: URL,
    readonly init: RequestInit,
  ) {
    this.headers = new Headers(init.headers);
  }

  get response(): Promise<Response> {
    return this.answer.promise;
  }

  /** The signal the caller gave, which the relay aborts on the caller's word. */
  get signal(): AbortSignal {
    if (this.init.signal === undefined || this.init.signal === null) throw new Error("the fetch was made without a signal");
    return this.init.signal;
  }

  /** The request body as text (the relay passes the caller's ArrayBuffer). */
  bodyText(): string {
    const body = this.init.body;
    if (body === undefined || body === null) return "";
    if (!(body instanceof ArrayBuffer)) throw new Error("the relay passes request bodies as ArrayBuffers");
    return new TextDecoder().decode(body);
  }

  /** Resolves once the caller's signal aborts. */
  aborted(): Promise<void> {
    const signal = this.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  }

  respond(response: Response): void {
    this.answer.resolve(response);
  }

  /** Fails as fetch does: a network error is a TypeError; an abort, the signal's reason. */
  fail(error: unknown): void {
    this.answer.reject(error);
  }
}

export class FetchStub {
  private readonly calls = new Queue<FetchCall>();

  readonly fetch: Fetch = (url, init) => {
    const call = new FetchCall(url, init);
    this.calls.push(call);
    return call.response;
  };

  /** The next call, as soon as the relay has made it. */
  nextCall(): Promise<FetchCall> {
    return this.calls.next();
  }

  /** How many calls were made in all. */
  get callCount(): number {
    return this.calls.total;
  }
}

/** What a response had that a constructed Response cannot say: a fetch's final URL, and whether it was redirected. */
export interface Fetched {
  readonly url?: string;
  readonly redirected?: boolean;
}

/** A Response as fetch hands it out: constructed ones say url "" and redirected false, so these shadow them. */
export function fetchedResponse(body: BodyInit | null, init: ResponseInit & Fetched = {}): Response {
  const response = new Response(body, init);
  Object.defineProperties(response, {
    url: { value: init.url ?? "" },
    redirected: { value: init.redirected ?? false },
  });
  return response;
}

/**
 * How long a trickling body takes to give each chunk: well past the moment the relay waits for a body to end before
 * it answers (INLINE_WAIT_MS), so that the body streams instead of going back inline.
 */
export const TRICKLE_MS = 25;

/**
 * A response body the test controls: it gives one chunk per pull (a read that reached it), then ends or fails, and
 * records its pulls and whether it was cancelled. Nothing is read ahead: the stream keeps no chunk in store. A body
 * that trickles gives each chunk TRICKLE_MS after its pull, as a stream does: the relay streams it; any other the
 * relay (from protocol version 3) reads whole and sends inline.
 */
export class ControlledBody {
  readonly stream: ReadableStream<Uint8Array>;
  private pullCount = 0;
  private cancellation: { readonly reason: unknown } | null = null;
  private readonly cancelledOnce = deferred<unknown>();

  /** `ending`: undefined to close after the chunks, or the error to fail with. */
  constructor(chunks: readonly string[], ending?: { readonly error: unknown }, options: { readonly trickle?: boolean } = {}) {
    const queue = chunks.map((chunk) => new TextEncoder().encode(chunk));
    this.stream = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          this.pullCount++;
          if (options.trickle === true) await new Promise((resolve) => setTimeout(resolve, TRICKLE_MS));
          const chunk = queue.shift();
          if (chunk !== undefined) controller.enqueue(chunk);
          else if (ending === undefined) controller.close();
          else controller.error(ending.error);
        },
        cancel: (reason) => {
          this.cancellation = { reason };
          this.cancelledOnce.resolve(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** How many reads reached the source: each is one chunk, the end or the failure. */
  get pulls(): number {
    return this.pullCount;
  }

  get cancelled(): { readonly reason: unknown } | null {
    return this.cancellation;
  }

  /** The reason, once the body is cancelled. */
  whenCancelled(): Promise<unknown> {
    return this.cancelledOnce.promise;
  }
}

export const bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

export const text = (data: ArrayBuffer | Uint8Array): string => new TextDecoder().decode(data);

/** A body that streams: each chunk comes TRICKLE_MS after its pull. */
export const trickling = (chunks: readonly string[], ending?: { readonly error: unknown }): ControlledBody =>
  new ControlledBody(chunks, ending, { trickle: true });
