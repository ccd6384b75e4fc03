// Calls bridge.fetch(url) with a signal, reads the body's first chunk, starts the next read and aborts. Says the
// first chunk, and what the next read failed with.
async (url) => {
  const controller = new AbortController();
  const response = await bridge.fetch(url, { signal: controller.signal });
  const reader = response.body.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  const next = reader.read();
  controller.abort();
  return next.then(
    () => ({ first, next: 'resolved' }),
    (error) => ({ first, next: error?.name ?? String(error), isDomException: error instanceof DOMException }));
}
