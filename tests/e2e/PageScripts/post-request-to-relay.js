// In the page or a frame of the page's origin: posts a request for url in version, made by hand as bridge.js would,
// to the window of the page's relay frame, at relayOrigin.
({ url, version, relayOrigin }) => {
  const relay = (window.parent === window ? document : parent.document).querySelector('iframe[title="Bridge relay"]');
  relay.contentWindow.postMessage(
    { ns: "bridge", v: version, type: "request", id: "posted-by-hand", method: "GET", url, headers: [], body: null,
      credentials: "omit", redirect: "follow", cache: "default", integrity: "", referrerPolicy: "", keepalive: false },
    relayOrigin);
}
