// Liveness: while calls or body reads wait on the relay, it is pinged every second, and a relay that leaves too many
// checks in a row unanswered counts as lost, as does a relay window gone unnoticed.

const INTERVAL_MS = 1_000;

export interface LivenessChecks {
  /** Whether the relay's window is still there; checked first, at every check. */
  alive(): boolean;
  ping(id: string): void;
  lost(detail: string): void;
}

export interface Liveness {
  /** Something came from the relay: it is alive. */
  heard(): void;
  /** Checks run while `busy`, and stop by the next check when it is not. */
  watch(busy: boolean): void;
  /** Stops the checks at once, for good. */
  stop(): void;
}

/**
 * Counts checks, not time: a page that stalls (a long task, an alert, a throttled tab) delays its checks and the
 * relay's answers alike, so a stall costs one unanswered check, however long it lasts. Checks that come in a burst
 * after a stall count once.
 */
export function liveness(timeout: number, checks: LivenessChecks): Liveness {
  let interval: ReturnType<typeof setInterval> | null = null;
  let busy = false;
  /** Checks in a row that nothing from the relay has followed. */
  let unanswered = 0;
  let lastCheck = 0;
  let pings = 0;
  const stop = (): void => {
    if (interval !== null) clearInterval(interval);
    interval = null;
  };
  const check = (): void => {
    // The timer outlives a busy spell by up to one interval, so calls one after another share it.
    if (!busy) return stop();
    if (!checks.alive()) return;
    const now = performance.now();
    if (now - lastCheck < INTERVAL_MS / 2) return;
    lastCheck = now;
    if (unanswered * INTERVAL_MS >= timeout) {
      checks.lost(`the relay has not answered for ${unanswered} liveness checks in a row, ${INTERVAL_MS} ms apart`);
      return;
    }
    unanswered++;
    checks.ping(`ping-${++pings}`);
  };
  return {
    heard() {
      unanswered = 0;
    },
    watch(nowBusy) {
      if (nowBusy && !busy && interval === null) {
        unanswered = 0;
        lastCheck = performance.now();
        interval = setInterval(check, INTERVAL_MS);
      }
      busy = nowBusy;
    },
    stop() {
      busy = false;
      stop();
    },
  };
}
