// Posts a hello and then a sentinel to window.popup, for relayOrigin; resolves with what the popup posted back up to
// the sentinel (which the test's own listener in the popup echoes).
(relayOrigin) => new Promise((resolve) => {
  const received = [];
  addEventListener("message", (event) => {
    if (event.source !== window.popup) return;
    received.push(typeof event.data === "string" ? event.data : `${event.data?.type}`);
    if (event.data === "sentinel") resolve(received);
  });
  window.popup.postMessage({ ns: "bridge", v: 1, type: "hello", streams: true }, relayOrigin);
  window.popup.postMessage("sentinel", relayOrigin);
})
