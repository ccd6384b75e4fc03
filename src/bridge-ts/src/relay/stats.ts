// Counters a test or an operator can read from the relay frame (window.bridgeRelayStats): messages the relay ignored
// because they were not valid protocol messages from its parent, and requests it refused.

export interface RelayStats {
  ignoredMessages: number;
  refusedRequests: number;
  relayedRequests: number;
}

export const stats: RelayStats = { ignoredMessages: 0, refusedRequests: 0, relayedRequests: 0 };

export function publishStats(target: Window): void {
  Object.defineProperty(target, "bridgeRelayStats", {
    value: Object.freeze({
      get ignoredMessages() {
        return stats.ignoredMessages;
      },
      get refusedRequests() {
        return stats.refusedRequests;
      },
      get relayedRequests() {
        return stats.relayedRequests;
      },
    }),
  });
}
