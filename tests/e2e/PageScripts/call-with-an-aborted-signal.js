// Calls bridge.fetch or fetch with a signal already aborted; says how it settled (settle is settle.js) and whether
// it did before a microtask queued right after the call.
(settle) => async ({ url, useBridge }) => {
  const order = [];
  const call = (useBridge ? bridge.fetch : fetch)(url, { signal: AbortSignal.abort() });
  const settled = settle(call.finally(() => order.push('fetch')));
  Promise.resolve().then(() => order.push('microtask'));
  return { ...(await settled), order };
}
