// Calls bridge.fetch(url), reads the body's first chunk, starts the next read and makes the relay go away
// (goAway is relay-goes-away.js). Says the first chunk, and the code (or name) the next read failed with.
(goAway) => async ({ url, departure }) => {
  const response = await bridge.fetch(url);
  const reader = response.body.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  const next = reader.read();
  goAway(departure);
  return next.then(
    () => ({ first, next: 'resolved' }),
    (error) => ({ first, next: error?.code ?? error?.name ?? String(error), isBridgeError: bridge.isBridgeError(error) }));
}
