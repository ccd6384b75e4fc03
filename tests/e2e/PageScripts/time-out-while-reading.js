// Calls bridge.fetch(url) with a 4 s timeout, reads the body's first chunk and waits on the next read. Says the
// first chunk, and what the next read failed with.
async (url) => {
  const response = await bridge.fetch(url, { timeout: 4000 });
  const reader = response.body.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  return reader.read().then(
    () => ({ first, next: 'resolved' }),
    (error) => ({ first, next: error?.name ?? String(error), isDomException: error instanceof DOMException }));
}
