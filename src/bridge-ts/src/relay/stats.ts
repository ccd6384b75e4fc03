// Counters a test or an operator can read from the relay frame (window.bridgeRelayStats): messages the relay ignored
// because they were not valid protocol messages from its parent, requests it refused and relayed, and the responses
// whose bodies went back inline (inline-body.ts), as chunk messages or as a transferred stream.

export interface RelayStats {
  ignoredMessages: number;
  refusedRequests: number;
  relayedRequests: number;
  inlineBodies: number;
  chunkedBodies: number;
  transferredBodies: number;
}

export const stats: RelayStats = {
  ignoredMessages: 0,
  refusedRequests: 0,
  relayedRequests: 0,
  inlineBodies: 0,
  chunkedBodies: 0,
  transferredBodies: 0,
};

/** A read-only live view of the counters. */
export function publishStats(target: Window): void {
  const view = {};
  for (const key of Object.keys(stats) as Array<keyof RelayStats>) {
    Object.defineProperty(view, key, { get: () => stats[key], enumerable: true });
  }
  Object.defineProperty(target, "bridgeRelayStats", { value: Object.freeze(view) });
}
