// From now on, records in window.relayWindowMessages the type of every Bridge message this page's window receives
// from a frame on relayOrigin: over a port, only the handshake's "ready" comes this way; over the windows, all of it.
// A body's "chunk" and "end" messages are left out: whether a small body comes inline in its "response" or after it
// depends on how soon the service sends it (a loaded machine streams it), and the tests count calls, not chunks.
// A liveness "pong" is left out too: the client pings when its once-a-second check finds a call pending, which a
// call that happens to span the check's tick does.
(relayOrigin) => {
  window.relayWindowMessages = [];
  addEventListener("message", (event) => {
    if (event.origin !== relayOrigin || event.data?.ns !== "bridge") return;
    if (["chunk", "end", "pong"].includes(event.data.type)) return;
    window.relayWindowMessages.push(event.data.type);
  });
}
