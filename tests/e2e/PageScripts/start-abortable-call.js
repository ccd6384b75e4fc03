// Starts bridge.fetch or fetch with window.controller's signal; keeps how it settles in window.settled (settle is
// settle.js), and pushes 'fetch' to window.order when it does.
(settle) => ({ url, useBridge }) => {
  window.order = [];
  window.controller = new AbortController();
  window.settled = settle((useBridge ? bridge.fetch : fetch)(url, { signal: window.controller.signal })
    .finally(() => window.order.push('fetch')));
}
