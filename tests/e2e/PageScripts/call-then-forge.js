// With forge() installed (install-forger.js): starts bridge.fetch(url), keeping its outcome as plain data in
// window.call, then forges messages to this page itself before the relay frame has even loaded.
(url) => {
  window.call = bridge.fetch(url).then(
    async (response) => ({ ok: true, status: response.status, body: await response.text() }),
    (error) => ({ ok: false, status: 0, body: `${error.name} ${error.code}: ${error.message}` }));
  forge(window, "connecting");
}
