// Small response bodies go back inline: whole, as one ArrayBuffer in the response message. That saves the caller a
// transferred stream (which in Chromium costs more than the call itself for a small body) or a pull and a chunk
// message, and lets the caller's Response be a plain one. A body goes inline when it has ended by the time its
// headers would go, or within a moment of them: a short one for a body of unknown length, a longer one for a body
// whose declared length is small. Any other body streams as before, with what was read of it in front, so the headers
// of a response that trickles reach the caller no more than a moment late, as fetch's would.

/** The largest body that goes inline. */
export const INLINE_MAX_BYTES = 64 * 1024;

/**
 * How long a body of unknown length may take to end once its headers have come, and still go inline. A server's
 * small answer usually ends with its headers or within a millisecond (Firefox hands over a body's end about a
 * millisecond after its data), so it makes it; a stream that sends its first bytes later (events, a slow report)
 * waits no longer than this for its headers to reach the caller. In a hidden page, whose timers the browser delays,
 * only a body that has already ended goes inline.
 */
export const INLINE_WAIT_MS = 2;

/**
 * How long a body whose declared length is small may take to end once its headers have come, and still go inline.
 * Its server has said it is small, so it is on its way, and under load Firefox hands one over in pieces some
 * milliseconds apart (2 ms made it stream bodies it used to send whole); one that holds back longer (a proxy passing
 * on a slow upstream, a server that pauses) streams, and its headers wait no longer than this.
 */
export const INLINE_DECLARED_WAIT_MS = 50;

export type Peeked = { readonly whole: ArrayBuffer } | { readonly rest: ReadableStream<Uint8Array> };

type Read = Promise<ReadableStreamReadResult<Uint8Array>>;

/**
 * The whole body when it goes inline, else the body to stream (what was read of it in front). A read that fails
 * leaves the failure to the streamed body, where fetch's own body would have reported it.
 */
export async function peek(body: ReadableStream<Uint8Array>, declaredLength: number | null): Promise<Peeked> {
  if (declaredLength !== null && declaredLength > INLINE_MAX_BYTES) return { rest: body };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // The body gets a moment to end, timed from the first read that does not answer at once.
  const wait = declaredLength === null ? INLINE_WAIT_MS : INLINE_DECLARED_WAIT_MS;
  let moment: Moment | null = null;
  try {
    for (;;) {
      const read = reader.read();
      let result: ReadableStreamReadResult<Uint8Array> | undefined;
      try {
        result = await Promise.race([read, moment?.passed ?? NOT_YET]);
        if (result === undefined && moment === null) {
          moment = afterMoment(wait);
          result = await Promise.race([read, moment.passed]);
        }
      } catch {
        return { rest: resumed(chunks, reader, read) };
      }
      if (result === undefined) return { rest: resumed(chunks, reader, read) };
      if (result.done) return { whole: joined(chunks, total) };
      chunks.push(result.value);
      total += result.value.byteLength;
      if (total > INLINE_MAX_BYTES) return { rest: resumed(chunks, reader, null) };
    }
  } finally {
    moment?.stop();
  }
}

/** Loses a race to any read that has already been answered. */
const NOT_YET: Promise<undefined> = Promise.resolve(undefined);

/** The chunks already read, then the read under way (if any), then the rest of the reader. */
function resumed(chunks: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>, pending: Read | null): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = chunks.shift();
        if (chunk !== undefined) return controller.enqueue(chunk);
        const result = await (pending ?? reader.read());
        pending = null;
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

function joined(chunks: readonly Uint8Array[], total: number): ArrayBuffer {
  const only = chunks[0];
  if (chunks.length === 1 && only !== undefined && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) {
    return only.buffer as ArrayBuffer;
  }
  const whole = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole.buffer;
}

/**
 * Resolves (with undefined) once `ms` have passed, by a timer: waiting by message hops instead starves the network's
 * own tasks in Firefox. In a hidden page, where a timer may fire a second late, at once.
 */
interface Moment {
  readonly passed: Promise<undefined>;
  stop(): void;
}

function afterMoment(ms: number): Moment {
  if (globalThis.document?.visibilityState === "hidden") return { passed: Promise.resolve(undefined), stop: () => undefined };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const passed = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { passed, stop: () => clearTimeout(timer) };
}
