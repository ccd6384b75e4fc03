// The page side of the benchmark's relay built on penpal, loaded from the service after penpal.min.js: it frames
// the service's relay page as soon as it loads (as penpal's README does) and offers penpalRelay.fetch(url, init),
// fetch-shaped, which sends the request over penpal's one method and returns a Response with the whole body.
"use strict";
(() => {
  const { connect, WindowMessenger, CallOptions } = Penpal;
  const relayUrl = new URL("relay.html", document.currentScript.src);
  // Statuses whose Response may not have a body, even an empty one.
  const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

  const frame = document.createElement("iframe");
  frame.src = relayUrl.href;
  frame.hidden = true;
  // A script in the head runs before there is a body.
  (document.body ?? document.documentElement).append(frame);
  const connection = connect({
    messenger: new WindowMessenger({ remoteWindow: frame.contentWindow, allowedOrigins: [relayUrl.origin] }),
  });

  async function penpalFetch(input, init) {
    const request = new Request(input, init);
    if (new URL(request.url).origin !== relayUrl.origin) {
      throw new TypeError(`the penpal relay calls ${relayUrl.origin} only, not ${request.url}`);
    }
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    const call = { url: request.url, method: request.method, headers: [...request.headers], body };
    const remote = await connection.promise;
    const reply = await (body === undefined ? remote.fetch(call) : remote.fetch(call, new CallOptions({ transferables: [body] })));
    return new Response(nullBodyStatuses.has(reply.status) ? null : reply.body, {
      status: reply.status,
      statusText: reply.statusText,
      headers: reply.headers,
    });
  }

  window.penpalRelay = { fetch: penpalFetch, connected: connection.promise.then(() => undefined) };
})();
