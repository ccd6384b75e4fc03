// The service side of the benchmark's relay built on penpal: framed by the page, it exposes one method, fetch, that
// does what Bridge's relay does for a call, with none of its streaming: the request is checked (the caller's origin
// by penpal, which compares every message's source and origin; the URL here: this origin, the API's paths), made
// with the service's own fetch on its own origin, and answered whole: status, headers, and the body as one
// transferred ArrayBuffer.
"use strict";
(() => {
  const { connect, WindowMessenger, Reply } = Penpal;
  // The one origin allowed to frame and call this relay, written into the relay page by the service.
  const allowedOrigin = document.currentScript.dataset.allowedOrigin;
  const allowedPath = /^\/api\//;
  const bodylessMethods = new Set(["GET", "HEAD"]);

  const isString = (value) => typeof value === "string";
  const isHeaderPair = (pair) => Array.isArray(pair) && pair.length === 2 && pair.every(isString);

  /** The call's request, read field by field: anything else than the shape the page side sends is refused. */
  function readRequest(request) {
    if (typeof request !== "object" || request === null) throw new TypeError("the request is not an object");
    const { url, method, headers, body } = request;
    if (!isString(url) || !isString(method)) throw new TypeError("the request needs a url and a method");
    if (!Array.isArray(headers) || !headers.every(isHeaderPair)) throw new TypeError("the headers are not [name, value] pairs");
    if (body !== undefined && !(body instanceof ArrayBuffer)) throw new TypeError("the body is not an ArrayBuffer");
    if (body !== undefined && bodylessMethods.has(method.toUpperCase())) throw new TypeError(`a ${method} request has no body`);
    const target = new URL(url);
    if (target.origin !== location.origin) throw new TypeError(`this relay calls ${location.origin} only, not ${target.origin}`);
    if (!allowedPath.test(target.pathname)) throw new TypeError(`this relay calls the API's paths (/api/...) only, not ${target.pathname}`);
    return { url: target.href, method, headers, body };
  }

  async function relayFetch(request) {
    const { url, method, headers, body } = readRequest(request);
    // As Bridge's relay: the service's own cookies only, and never the HTTP cache, whose key ignores the caller.
    const response = await fetch(url, { method, headers, body, credentials: "same-origin", cache: "no-store" });
    const responseBody = await response.arrayBuffer();
    const reply = { status: response.status, statusText: response.statusText, headers: [...response.headers], body: responseBody };
    return new Reply(reply, { transferables: [responseBody] });
  }

  if (window.parent === window) throw new Error("the penpal relay page works in a frame only");
  connect({
    messenger: new WindowMessenger({ remoteWindow: window.parent, allowedOrigins: [allowedOrigin] }),
    methods: { fetch: relayFetch },
  });
})();
