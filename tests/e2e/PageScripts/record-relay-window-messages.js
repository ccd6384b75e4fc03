// From now on, records in window.relayWindowMessages the type of every Bridge message this page's window receives
// from a frame on relayOrigin: over a port, only the handshake's "ready" comes this way; over the windows, all of it.
(relayOrigin) => {
  window.relayWindowMessages = [];
  addEventListener("message", (event) => {
    if (event.origin === relayOrigin && event.data?.ns === "bridge") window.relayWindowMessages.push(event.data.type);
  });
}
