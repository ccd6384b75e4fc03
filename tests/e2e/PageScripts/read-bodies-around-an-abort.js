// For each body reader in turn, on a fresh call of bridge.fetch or fetch: aborts while the read waits for the rest
// of the body (whileReading), or reads once the abort has happened. Says how each read settled (settle is settle.js)
// and whether it did before a microtask queued right after the abort (while reading) or the read (after the abort).
(settle) => async ({ url, useBridge, whileReading }) => {
  // Each prepares its read and gives what starts it; the stream's reader first takes the bytes already there.
  const readers = {
    'text()': async (r) => () => r.text(),
    'json()': async (r) => () => r.json(),
    'arrayBuffer()': async (r) => () => r.arrayBuffer(),
    'blob()': async (r) => () => r.blob(),
    'formData()': async (r) => () => r.formData(),
    'body.getReader().read()': async (r) => {
      const reader = r.body.getReader();
      await reader.read();
      return () => reader.read();
    },
  };
  const results = {};
  let n = 0;
  for (const [name, prepare] of Object.entries(readers)) {
    const controller = new AbortController();
    const response = await (useBridge ? bridge.fetch : fetch)(`${url}-${n++}`, { signal: controller.signal });
    const read = await prepare(response);
    const order = [];
    let settled;
    if (whileReading) {
      settled = settle(read().finally(() => order.push('reader')));
      // Lets the read get under way (the first bytes have come; the rest takes 30 s).
      await new Promise((resolve) => setTimeout(resolve, 0));
      controller.abort();
      Promise.resolve().then(() => order.push('microtask'));
    } else {
      controller.abort();
      settled = settle(read().finally(() => order.push('reader')));
      Promise.resolve().then(() => order.push('microtask'));
    }
    results[name] = { ...(await settled), order };
  }
  return results;
}
