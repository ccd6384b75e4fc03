// From now on, records in window.relayWindowMessages the type of every Bridge message this page's window receives
// from a frame on relayOrigin: over a port, only the handshake's "ready" comes this way; over the windows, all of it.
// A body's "chunk" and "end" messages are left out: whether a small body comes inline in its "response" or after it
// depends on how soon the service sends it (a loaded machine streams it), and the tests count calls, not chunks.
(relayOrigin) => {
  window.relayWindowMessages = [];
  addEventListener("message", (event) => {
    if (event.origin !== relayOrigin || event.data?.ns !== "bridge") return;
    if (event.data.type === "chunk" || event.data.type === "end") return;
    window.relayWindowMessages.push(event.data.type);
  });
}
