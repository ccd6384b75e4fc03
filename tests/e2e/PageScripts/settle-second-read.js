// Calls bridge.fetch or fetch, reads the body's first chunk, and keeps in window.settled how the next read settles
// (settle is settle.js).
(settle) => async ({ url, useBridge }) => {
  const response = await (useBridge ? bridge.fetch : fetch)(url);
  const reader = response.body.getReader();
  await reader.read();
  window.settled = settle(reader.read());
}
