// In a relay frame: counts the messages its window receives, with a listener registered after the relay's own, so
// window.arrived(n) resolves once the relay's listener has run for n messages. Also records uncaught errors and
// unhandled rejections in window.relayErrors.
() => {
  if (window.arrived) return;
  let count = 0;
  const waiters = [];
  addEventListener("message", () => {
    count++;
    for (const waiter of [...waiters]) {
      if (count >= waiter.n) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(count);
      }
    }
  });
  window.arrived = (n) => new Promise((resolve) => (count >= n ? resolve(count) : waiters.push({ n, resolve })));
  window.relayErrors = [];
  addEventListener("error", (event) => window.relayErrors.push(String(event.message)));
  addEventListener("unhandledrejection", (event) => window.relayErrors.push(`unhandled rejection: ${String(event.reason)}`));
}
