// Installs window.harness (once): a hand-made relay client that speaks the protocol itself, without bridge.js, as an
// attacker or a fuzzer would. harness.open(relayUrl) frames a relay and waits for its load; harness.hello() sends a
// valid hello and waits for the first answer; messages from the relay's window and, after "ready", from its port are
// recorded in order (windowMessages, portMessages), each as { type, id, code, status }.
() => {
  if (window.harness) return;
  const summary = (data) => {
    const plain = data !== null && typeof data === "object";
    return {
      type: plain && typeof data.type === "string" ? data.type : `(${Object.prototype.toString.call(data)})`,
      id: plain && typeof data.id === "string" ? data.id : null,
      code: plain && typeof data.code === "string" ? data.code : null,
      status: plain && typeof data.status === "number" ? data.status : null,
    };
  };
  const waiters = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (waiter.done()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const until = (done) => new Promise((resolve) => {
    if (done()) resolve();
    else waiters.push({ done, resolve });
  });
  const harness = {
    frame: null,
    relayOrigin: null,
    port: null,
    windowMessages: [],
    portMessages: [],
    until,
    async open(relayUrl) {
      this.relayOrigin = new URL(relayUrl).origin;
      const frame = document.createElement("iframe");
      frame.src = relayUrl;
      this.frame = frame;
      addEventListener("message", (event) => {
        if (event.source !== frame.contentWindow) return;
        this.windowMessages.push({ ...summary(event.data), ports: event.ports.length, origin: event.origin });
        if (event.data?.type === "ready" && event.ports.length === 1) this.adopt(event.ports[0]);
        notify();
      });
      const loaded = new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
      document.body.append(frame);
      await loaded;
    },
    adopt(port) {
      this.port = port;
      port.onmessage = (event) => {
        const message = summary(event.data);
        this.portMessages.push(message);
        // Bodies are not read here: cancel a transferred stream so the relay's fetch ends.
        if (event.data?.body instanceof ReadableStream) event.data.body.cancel().catch(() => undefined);
        notify();
      };
    },
    /** Posts to the relay frame's window from this (its parent) window. */
    post(message, targetOrigin = this.relayOrigin, transfer = []) {
      this.frame.contentWindow.postMessage(message, targetOrigin, transfer);
    },
    /** Sends a valid hello; resolves with the first window message that arrives after it. */
    async hello(streams = true) {
      const seen = this.windowMessages.length;
      this.post({ ns: "bridge", v: 1, type: "hello", streams });
      await until(() => this.windowMessages.length > seen);
      return this.windowMessages[seen];
    },
    /** A valid request message (every field present, GET, no body), with overrides. */
    request(overrides) {
      return {
        ns: "bridge", v: 1, type: "request", id: crypto.randomUUID().replaceAll("-", ""),
        method: "GET", url: "", headers: [], body: null, credentials: "omit", redirect: "follow",
        cache: "default", integrity: "", referrerPolicy: "", keepalive: false,
        ...overrides,
      };
    },
    /** Sends a message over the port and resolves with the answer addressed to its id. */
    async ask(message, transfer = []) {
      this.port.postMessage(message, transfer);
      await until(() => this.portMessages.some((answer) => answer.id === message.id));
      return this.portMessages.find((answer) => answer.id === message.id);
    },
    /** Pings with a fresh id; resolves once its pong is back, so every earlier message has been handled. */
    async sentinel() {
      const id = `sentinel-${crypto.randomUUID()}`;
      return this.ask({ ns: "bridge", v: 1, type: "ping", id });
    },
  };
  window.harness = harness;
}
