// Installs forge(target, phase): posts forged protocol messages to target (this window, or the parent), each "ready"
// with a port of its own that records (in window.stolen) and answers any request, then a sentinel; and
// sentinelsSeen(names), which resolves once this window has received those sentinels.
() => {
  window.stolen = [];
  const seen = new Set();
  const waiters = [];
  addEventListener("message", (event) => {
    const sentinel = event.data?.sentinel;
    if (typeof sentinel !== "string") return;
    seen.add(`${sentinel}:${event.source === window ? "self" : event.origin}`);
    for (const waiter of [...waiters]) if (waiter.names.every((name) => seen.has(name))) waiter.resolve();
  });
  window.sentinelsSeen = (names) => new Promise((resolve) => {
    if (names.every((name) => seen.has(name))) resolve();
    else waiters.push({ names, resolve });
  });
  window.forge = (target, phase) => {
    const envelope = (type, fields = {}) => ({ ns: "bridge", v: 1, type, ...fields });
    const forgedPort = () => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        window.stolen.push(`${event.data?.type} ${event.data?.url}`);
        // Answer, so a bridge.js that took this port would resolve with a forged response, not hang.
        channel.port1.postMessage(envelope("response", { id: event.data?.id, status: 299, statusText: "Forged",
          headers: [], url: "http://evil.example/", redirected: false, body: null, chunked: false }));
      };
      return channel.port2;
    };
    const forgeries = [
      [envelope("ready"), [forgedPort()]],
      [envelope("ready", { v: 2 }), [forgedPort()]],
      [envelope("refused", { code: "origin-not-allowed", message: `forged in ${phase}` }), []],
      [envelope("refused", { code: "version-mismatch", message: `forged in ${phase}` }), []],
      [envelope("response", { id: "forged", status: 299, statusText: "Forged", headers: [], url: "http://evil.example/",
        redirected: false, body: null, chunked: false }), []],
      [envelope("failure", { id: "forged", code: "network-error", message: `forged in ${phase}` }), []],
      [envelope("closing"), []],
      [envelope("ready"), [forgedPort()]],
    ];
    for (const [message, transfer] of forgeries) target.postMessage(message, "*", transfer);
    target.postMessage({ sentinel: phase }, "*");
  };
}
