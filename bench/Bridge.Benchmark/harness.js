// The page side of the benchmark. Every number is taken here with performance.now(), so it is what a page sees;
// the host only starts a workload and reads the samples back. One page measures one mechanism, chosen once with
// benchmark.use(), so a bridge page and a bridge-streams page never share a relay.
"use strict";
(() => {
  let mechanism = "";
  /** (path, init) => Promise<Response> for an API path such as "/api/hello", or null where the mechanism has no route. */
  let route = () => null;

  // The site's proxy is addressed by route id, one per API path it forwards; it has no route for the others.
  const proxyRoute = (path) => {
    const match = /^\/api\/(hello|echo|bytes)(\?.*)?$/.exec(path);
    return match === null ? null : `/proxy/${match[1]}${match[2] ?? ""}`;
  };

  function use(name, serviceOrigin) {
    mechanism = name;
    switch (name) {
      case "cors":
        route = (path) => serviceOrigin + "/cors" + path;
        return;
      case "bridge-streams":
        // Before the first call, so this page's relay is opened with transferred streams (configure closes the relay
        // bridge.js opened as it loaded, so this column's first calls pay for opening it again).
        bridge.configure({ transferStreams: true });
        route = (path) => serviceOrigin + path;
        return;
      case "bridge":
        route = (path) => serviceOrigin + path;
        return;
      case "proxy":
        route = proxyRoute;
        return;
      case "xdomain":
        // The service's proxy page (Peers/PeerEndpoints.cs): xdomain frames it at the first call to the service.
        xdomain.slaves({ [serviceOrigin]: "/peers/xdomain/proxy.html" });
        route = (path) => serviceOrigin + path;
        return;
      case "penpal":
        route = (path) => serviceOrigin + path;
        return;
      default:
        throw new Error(`unknown mechanism ${name}`);
    }
  }

  // Statuses whose Response may not have a body, even an empty one.
  const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

  /**
   * fetch over XMLHttpRequest, which xdomain patches (it does not patch fetch): the whole body as one ArrayBuffer,
   * then a Response around it, so the workloads read every mechanism alike.
   */
  function xhrFetch(url, init = {}) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(init.method ?? "GET", url);
      xhr.responseType = "arraybuffer";
      for (const [name, value] of Object.entries(init.headers ?? {})) xhr.setRequestHeader(name, value);
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
          const colon = line.indexOf(":");
          if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
        }
        const body = nullBodyStatuses.has(xhr.status) ? null : xhr.response;
        resolve(new Response(body, { status: xhr.status, statusText: xhr.statusText, headers }));
      };
      xhr.onerror = () => reject(new TypeError(`XMLHttpRequest to ${url} failed`));
      xhr.send(init.body ?? null);
    });
  }

  function fetchFor() {
    switch (mechanism) {
      case "bridge":
      case "bridge-streams":
        return bridge.fetch;
      case "xdomain":
        return xhrFetch;
      case "penpal":
        return penpalRelay.fetch;
      default:
        return fetch;
    }
  }

  /** The peers answer with the whole body at once: they have no first chunk to time, no chunks to read. */
  const streams = () => mechanism !== "xdomain" && mechanism !== "penpal";

  const supports = (path) => route(path) !== null;

  async function request(path, init) {
    const url = route(path);
    if (url === null) throw new Error(`${mechanism} has no route for ${path}`);
    const response = await fetchFor()(url, init);
    if (!response.ok) throw new Error(`${mechanism} ${path}: HTTP ${response.status}`);
    return response;
  }

  /** Reads a body to its end, keeping nothing but counts. */
  async function drain(body) {
    const reader = body.getReader();
    let bytes = 0;
    let chunks = 0;
    let largest = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, chunks, largest };
      bytes += value.byteLength;
      chunks++;
      largest = Math.max(largest, value.byteLength);
    }
  }

  // A JSON body of exactly `size` bytes, made once: the timed part is the request, not building its body.
  const jsonBody = (size) => {
    const frame = JSON.stringify({ data: "" });
    return JSON.stringify({ data: "x".repeat(Math.max(0, size - frame.length)) });
  };

  let nextQuery = 0;

  /**
   * Sequential requests, one at a time: milliseconds from the call to the body fully read, after untimed warm-up.
   * With distinctUrls, each call adds its own query string, as calls to different resources do: browsers cache a
   * CORS preflight per URL, so each such call needs a preflight of its own.
   */
  async function latency({ path, method, bodyBytes, warmup, count, distinctUrls }) {
    const body = bodyBytes > 0 ? jsonBody(bodyBytes) : undefined;
    const init = body === undefined ? { method } : { method, headers: { "content-type": "application/json" }, body };
    const one = async () => {
      const target = distinctUrls ? `${path}${path.includes("?") ? "&" : "?"}i=${nextQuery++}` : path;
      const start = performance.now();
      const response = await request(target, init);
      await response.arrayBuffer();
      return performance.now() - start;
    };
    for (let i = 0; i < warmup; i++) await one();
    const samples = [];
    for (let i = 0; i < count; i++) samples.push(await one());
    return samples;
  }

  /** Byte i of /api/bytes is i % 251: a mechanism that delivers the whole body at once gets its bytes checked. */
  function checkBytes(body, path) {
    const bytes = new Uint8Array(body);
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== i % 251) throw new Error(`${mechanism} ${path}: byte ${i} is ${bytes[i]}, expected ${i % 251}`);
    }
  }

  /**
   * Whole bodies: milliseconds, chunk count and largest chunk per repetition. Read with a reader where the
   * mechanism streams; where it delivers the whole body at once, as its one ArrayBuffer, checked after the timing.
   */
  async function download({ path, bytes, reps }) {
    const runs = [];
    for (let i = 0; i < reps; i++) {
      const start = performance.now();
      const response = await request(path);
      let read;
      if (streams()) {
        read = await drain(response.body);
      } else {
        const body = await response.arrayBuffer();
        read = { bytes: body.byteLength, chunks: 1, largest: body.byteLength, body };
      }
      const ms = performance.now() - start;
      if (read.bytes !== bytes) throw new Error(`${mechanism} ${path}: read ${read.bytes} bytes, expected ${bytes}`);
      if (read.body !== undefined) checkBytes(read.body, path);
      runs.push({ ms, chunks: read.chunks, largest: read.largest });
    }
    return runs;
  }

  /** `total` requests with at most `inFlight` at once; failures are counted, not thrown, so the run finishes. */
  async function concurrency({ path, total, inFlight }) {
    let started = 0;
    let failures = 0;
    const worker = async () => {
      while (started < total) {
        started++;
        try {
          const response = await request(path);
          await response.arrayBuffer();
        } catch {
          failures++;
        }
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    return { ms: performance.now() - start, failures };
  }

  /** Milliseconds to the Response (its headers), to the first chunk of the body, and to its end. */
  async function firstByte({ path, count }) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const response = await request(path);
      const headersMs = performance.now() - start;
      const reader = response.body.getReader();
      const first = await reader.read();
      const firstMs = performance.now() - start;
      if (first.done) throw new Error(`${mechanism} ${path}: empty body`);
      while (!(await reader.read()).done);
      samples.push({ headers: headersMs, first: firstMs, total: performance.now() - start });
    }
    return samples;
  }

  /** Opens the mechanism's relay before any call, where it can be: bridge.preconnect, or penpal's connection. */
  function open(path) {
    switch (mechanism) {
      case "bridge":
      case "bridge-streams":
        return bridge.preconnect(route(path));
      case "penpal":
        return penpalRelay.connected;
      default:
        throw new Error(`${mechanism} has nothing to open before its first call`);
    }
  }

  /**
   * The first two calls on a fresh page: the first pays for connections and, for a relay, its frame and handshake,
   * unless the page opened the relay beforehand (not timed: the page would do it while loading).
   */
  async function firstCalls({ path, preconnect }) {
    if (preconnect) await open(path);
    const start = performance.now();
    await (await request(path)).arrayBuffer();
    const first = performance.now() - start;
    const secondStart = performance.now();
    await (await request(path)).arrayBuffer();
    return { first, second: performance.now() - secondStart };
  }

  /**
   * The call a page makes at its load event (NavigationStart/first-call.js): performance.now() when the body has
   * been read, which counts from navigation start.
   */
  async function callAtLoad(path) {
    const body = await (await request(path)).text();
    const end = performance.now();
    checkHello(body, path);
    return end;
  }

  function checkHello(body, path) {
    if (!JSON.parse(body).message?.startsWith("Hello")) throw new Error(`${mechanism} ${path}: unexpected body ${body}`);
  }

  /** Checks that the mechanism delivers what the service sent: a small GET's body, and an echoed POST's body and type. */
  async function check() {
    checkHello(await (await request("/api/hello")).text(), "/api/hello");
    const body = jsonBody(1024);
    const response = await request("/api/echo", { method: "POST", headers: { "content-type": "application/json" }, body });
    const echo = await response.json();
    if (echo.method !== "POST" || atob(echo.body) !== body || echo.headers["content-type"]?.[0] !== "application/json") {
      throw new Error(`${mechanism} /api/echo: the service received ${echo.method} ${echo.headers["content-type"]} with ${echo.body.length} base64 characters`);
    }
    if (response.headers.get("content-type")?.startsWith("application/json") !== true) {
      throw new Error(`${mechanism} /api/echo: the response's content-type is ${response.headers.get("content-type")}`);
    }
    return true;
  }

  /**
   * How this browser's own fetch cuts a body into chunks: their mean size, and how many are views into a larger
   * buffer (the relay copies those before sending them as chunk messages).
   */
  async function chunkShapes({ url }) {
    const reader = (await fetch(url)).body.getReader();
    let chunks = 0;
    let bytes = 0;
    let views = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      bytes += value.byteLength;
      if (value.byteOffset !== 0 || value.byteLength !== value.buffer.byteLength) views++;
    }
    return { chunks, meanBytes: chunks === 0 ? 0 : bytes / chunks, views };
  }

  function environment() {
    let transferableStreams = false;
    try {
      const stream = new ReadableStream();
      const channel = new MessageChannel();
      channel.port1.postMessage(stream, [stream]);
      channel.port1.close();
      channel.port2.close();
      transferableStreams = true;
    } catch {
      // This browser cannot transfer streams: bridge.fetch falls back to chunk messages.
    }
    return { userAgent: navigator.userAgent, transferableStreams };
  }

  window.benchmark = { use, supports, check, latency, download, concurrency, firstByte, firstCalls, callAtLoad, chunkShapes, environment };
})();
