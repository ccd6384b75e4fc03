// Installs window.sentinelArrived(name): resolves once this window has received { sentinel: name } (post-to-page.js),
// with a listener registered after bridge.js's own, so bridge.js has handled everything posted before it.
() => {
  const seen = new Set();
  const waiters = new Map();
  addEventListener("message", (event) => {
    const name = event.data?.sentinel;
    if (typeof name !== "string") return;
    seen.add(name);
    waiters.get(name)?.();
  });
  window.sentinelArrived = (name) => new Promise((resolve) => (seen.has(name) ? resolve() : waiters.set(name, resolve)));
}
