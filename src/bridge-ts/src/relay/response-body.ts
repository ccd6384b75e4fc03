// The response body on its way back to the parent: limited to the size the site's policy allows, and, where streams
// cannot be transferred, sent chunk by chunk as the caller asks for each.

import { ErrorCode, addressed } from "../protocol/messages.js";
import type { SitePolicy } from "./config.js";
import { fail, messageOf, type Addressee, type Report } from "./failures.js";
import type { Refusal } from "./policy.js";

/**
 * Sends the next chunk of a chunked body when the caller asks for it (or has credit for it). Several reads may wait
 * at once: the body's end or failure goes once, from the first read to meet it, for which `finished` says true.
 */
export async function sendChunk(
  session: Addressee,
  id: string,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  report: Report,
  finished: () => boolean,
): Promise<void> {
  const { port, version } = session;
  try {
    const { done, value } = await reader.read();
    if (done) {
      if (finished()) port.postMessage(addressed("end", id, version));
      return;
    }
    const data = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value.buffer : value.slice().buffer;
    port.postMessage({ ...addressed("chunk", id, version), data: data as ArrayBuffer }, [data]);
  } catch (error) {
    if (!finished()) return;
    const refusal = tooLargeOf(error);
    if (refusal !== null) fail(session, id, refusal.code, refusal.message);
    else report(() => fail(session, id, ErrorCode.NetworkError, messageOf(error)));
  }
}

/**
 * Passes the body through as the caller reads it, erroring it once it exceeds the policy's response size. done runs
 * when the body has ended or failed, cancelled when the caller cancels it. A source failure is reported as Report
 * decides; until then (for ever, if the document leaves) the read waits.
 */
export function limited(
  body: ReadableStream<Uint8Array>,
  policy: SitePolicy,
  report: Report,
  done: () => void,
  cancelled: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let total = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          done();
          await new Promise<void>((resolve) =>
            report(() => {
              controller.error(error);
              resolve();
            }),
          );
          return;
        }
        if (result.done) {
          controller.close();
          done();
          return;
        }
        total += result.value.byteLength;
        if (total > policy.maxResponseBodyBytes) {
          // A plain object crosses to the caller's realm intact, whichever way the body travels.
          controller.error({ bridgeCode: ErrorCode.TooLarge, message: tooLarge(policy).message });
          reader.cancel().catch(() => undefined);
          done();
          return;
        }
        controller.enqueue(result.value);
      },
      cancel: (reason) => {
        cancelled();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

export function tooLarge(policy: SitePolicy): Refusal {
  return {
    code: ErrorCode.TooLarge,
    message: `the response body is larger than the ${policy.maxResponseBodyBytes} bytes the service allows`,
  };
}

function tooLargeOf(error: unknown): Refusal | null {
  if (typeof error === "object" && error !== null && (error as { bridgeCode?: unknown }).bridgeCode === ErrorCode.TooLarge) {
    return { code: ErrorCode.TooLarge, message: String((error as { message?: unknown }).message) };
  }
  return null;
}
