// How the relay tells its parent that a call failed: a refusal by the policy (counted), or a failure of the request or
// of its body.

import { addressed, type ErrorCode, type PortToClient } from "../protocol/messages.js";
import type { Refusal } from "./policy.js";
import { stats } from "./stats.js";

/** Sends a failure to the parent now, or once it is clear that the document is not leaving. */
export type Report = (send: () => void) => void;

export function refuse(port: PortToClient, id: string, refusal: Refusal): void {
  stats.refusedRequests++;
  fail(port, id, refusal.code, refusal.message);
}

export function fail(port: PortToClient, id: string, code: ErrorCode, message: string): void {
  port.postMessage({ ...addressed("failure", id), code, message });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
