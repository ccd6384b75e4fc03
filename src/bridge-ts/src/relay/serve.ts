// Serves one parent's requests over its private MessagePort: each request becomes a same-origin fetch, and the
// response streams back as a transferred ReadableStream.

import {
  ErrorCode,
  PROTOCOL_VERSION,
  envelope,
  type FailureMessage,
  type RequestMessage,
  type ResponseMessage,
} from "../protocol/messages.js";
import { readAbort, readEnvelope, readRequest } from "../protocol/validate.js";

export function serve(port: MessagePort): void {
  const inFlight = new Map<string, AbortController>();

  port.addEventListener("message", (event: MessageEvent) => {
    const info = readEnvelope(event.data);
    if (info === null || info.v !== PROTOCOL_VERSION) return;
    if (info.type === "request") {
      const request = readRequest(info.fields);
      if (request !== null && !inFlight.has(request.id)) void relay(port, request, inFlight);
    } else if (info.type === "abort") {
      const abort = readAbort(info.fields);
      if (abort !== null) inFlight.get(abort.id)?.abort();
    }
  });
  port.start();
}

async function relay(port: MessagePort, request: RequestMessage, inFlight: Map<string, AbortController>) {
  const target = sameOriginUrl(request.url);
  if (target === null) {
    fail(port, request.id, ErrorCode.TargetNotAllowed, `the relay only requests its own origin ${location.origin}`);
    return;
  }
  const controller = new AbortController();
  inFlight.set(request.id, controller);
  try {
    const response = await fetch(target, {
      method: request.method,
      headers: request.headers as [string, string][],
      body: request.body,
      credentials: request.credentials === "include" ? "same-origin" : "omit",
      redirect: request.redirect,
      mode: "same-origin",
      signal: controller.signal,
    });
    const answer: ResponseMessage = {
      ...envelope("response"),
      id: request.id,
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
      url: response.url,
      redirected: response.redirected,
      body: response.body,
    };
    port.postMessage(answer, response.body === null ? [] : [response.body]);
  } catch (error) {
    // An abort was asked for by the caller, who has already rejected: nobody waits for an answer.
    if (controller.signal.aborted) return;
    fail(port, request.id, ErrorCode.NetworkError, error instanceof Error ? error.message : String(error));
  } finally {
    inFlight.delete(request.id);
  }
}

function sameOriginUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === location.origin ? parsed : null;
  } catch {
    return null;
  }
}

function fail(port: MessagePort, id: string, code: ErrorCode, message: string): void {
  const failure: FailureMessage = { ...envelope("failure"), id, code, message };
  port.postMessage(failure);
}
