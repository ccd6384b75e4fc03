// How the relay tells its parent that a call failed: a refusal by the policy (counted), or a failure of the request or
// of its body.

import { addressed, wireCode, type ErrorCode, type PortToClient } from "../protocol/messages.js";
import type { Refusal } from "./policy.js";
import { stats } from "./stats.js";

/** Where a failure goes: the session's port, in the protocol version the session speaks. */
export interface Addressee {
  readonly port: PortToClient;
  readonly version: number;
}

/** Sends a failure to the parent now, or once it is clear that the document is not leaving. */
export type Report = (send: () => void) => void;

export function refuse(session: Addressee, id: string, refusal: Refusal): void {
  stats.refusedRequests++;
  fail(session, id, refusal.code, refusal.message);
}

export function fail(session: Addressee, id: string, code: ErrorCode, message: string): void {
  const { port, version } = session;
  port.postMessage({ ...addressed("failure", id, version), code: wireCode(code, version), message });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
