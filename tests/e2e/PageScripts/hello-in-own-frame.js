// Frames the relay at relayUrl itself (no bridge.js) and, once it has loaded, says hello for protocol version
// `version` (1 if not given), listing the `versions` it speaks if given. Resolves with the relay's first answer: its
// origin, version, type, code and message, and how many ports it carried.
({ relayUrl, version = 1, versions = null }) => new Promise((resolve) => {
  const frame = document.createElement('iframe');
  frame.src = relayUrl;
  addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    resolve({ origin: event.origin, v: event.data?.v, type: event.data?.type, code: event.data?.code ?? null, message: event.data?.message ?? null, ports: event.ports.length });
  });
  frame.addEventListener('load', () => {
    const hello = { ns: 'bridge', v: version, type: 'hello', streams: true };
    if (versions !== null) hello.versions = versions;
    frame.contentWindow.postMessage(hello, new URL(relayUrl).origin);
  }, { once: true });
  document.body.append(frame);
})
