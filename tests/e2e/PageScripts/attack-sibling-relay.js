// In a hostile frame beside the page's relay: posts to its sibling, the relay, everything a parent could (valid
// hellos, a request for url and a ping in version 1 and in version, junk.curated() of install-junk.js, a hello
// carrying a port) and tries to navigate it to hostileUrl. Records what comes back in window.received; says how many frames it posted to, how many messages,
// and how the navigation attempt failed.
({ url, hostileUrl, version }) => {
  window.received = [];
  addEventListener("message", (event) => window.received.push(String(event.data?.type ?? event.data)));
  const relay = [...Array(parent.frames.length).keys()].map((i) => parent.frames[i]).filter((w) => w !== window);
  let navigation = "no error";
  try { relay[0].location.href = hostileUrl; } catch (error) { navigation = error.name; }
  const channel = new MessageChannel();
  const messages = [
    { ns: "bridge", v: 1, type: "hello", streams: true },
    { ns: "bridge", v: 1, type: "hello", streams: false },
    { ns: "bridge", v: 2, type: "hello", streams: true },
    ...[1, version].flatMap((v) => [
      { ns: "bridge", v, type: "request", id: `sibling-${v}`, method: "GET", url, headers: [], body: null,
        credentials: "include", redirect: "follow", cache: "default", integrity: "", referrerPolicy: "", keepalive: false },
      { ns: "bridge", v, type: "ping", id: `sibling-${v}` },
    ]),
    ...junk.curated(),
  ];
  for (const target of relay) {
    for (const message of messages) target.postMessage(message, "*");
    target.postMessage({ ns: "bridge", v: 1, type: "hello", streams: true }, "*", [channel.port2]);
  }
  return { frames: relay.length, posted: relay.length * (messages.length + 1), navigation };
}
