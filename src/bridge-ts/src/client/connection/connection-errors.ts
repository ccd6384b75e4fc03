// What a call through a relay rejects with: a bridge error named for the relay. Where fetch would have failed with a
// network error, its message is the engine's own (so that retry logic written for fetch retries it); a refusal's is
// the explanation itself.

import { ErrorCode, type FailureMessage } from "../../protocol/messages.js";
import {
  bridgeError,
  engineNetworkMessage,
  explain,
  isBridgeError,
  isNetworkFailure,
  knownNetworkMessage,
  relayedNetworkMessage,
  type BridgeError,
} from "../errors.js";

/**
 * The error for `code` at the relay `relayUrl`. A network failure's message is the engine's network-error message:
 * `engineMessage` where the failure came with it, else the engine's, which the first such failure of the page waits
 * for (errors.ts).
 */
export async function relayError(
  relayUrl: string,
  code: ErrorCode,
  detail?: string,
  cause?: unknown,
  engineMessage?: string,
): Promise<BridgeError> {
  if (!isNetworkFailure(code)) return relayRefusal(relayUrl, code, detail, cause);
  const message = engineMessage ?? knownNetworkMessage() ?? (await engineNetworkMessage());
  return bridgeError(code, relayUrl, message, explain(code, relayUrl, location.origin, detail), cause);
}

/** An error that is no network failure: its message is the explanation itself. */
export function relayRefusal(relayUrl: string, code: ErrorCode, detail?: string, cause?: unknown): BridgeError {
  const explanation = explain(code, relayUrl, location.origin, detail);
  return bridgeError(code, relayUrl, explanation, explanation, cause);
}

/** The error of a call the relay answered with a failure. */
export function failureError(relayUrl: string, failure: FailureMessage): Promise<BridgeError> {
  if (failure.code === ErrorCode.NetworkError) {
    // The relay's fetch failed in this same engine, so its message is the one this page's fetch would give.
    const engineMessage = relayedNetworkMessage(failure.message);
    return relayError(relayUrl, failure.code, failure.message, new TypeError(engineMessage ?? failure.message), engineMessage);
  }
  return relayError(relayUrl, failure.code, failure.message);
}

/** Turns whatever ended a body early into what fetch would give: a bridge error (a TypeError) with the cause. */
export async function bodyError(relayUrl: string, error: unknown): Promise<unknown> {
  if (isBridgeError(error)) return error;
  const bridgeCode = typeof error === "object" && error !== null ? (error as { bridgeCode?: unknown }).bridgeCode : undefined;
  if (bridgeCode === ErrorCode.TooLarge) {
    return relayRefusal(relayUrl, ErrorCode.TooLarge, String((error as { message?: unknown }).message));
  }
  // The relay's stream errored with its fetch's own error (the engine's TypeError, carried across), if it could.
  const engineMessage = error instanceof TypeError && error.message !== "" ? error.message : undefined;
  return relayError(relayUrl, ErrorCode.NetworkError, "the response body failed", error, engineMessage);
}
