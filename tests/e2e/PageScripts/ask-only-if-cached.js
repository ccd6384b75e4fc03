// With the harness installed and ready (install-harness.js): sends, by hand, a request with cache "only-if-cached"
// (which bridge.fetch cannot ask for) for each URL, then a ping; says the types of the answers to those requests.
async (urls) => {
  const ids = urls.map((url) => {
    const request = harness.request({ url, cache: "only-if-cached" });
    harness.port.postMessage(request);
    return request.id;
  });
  await harness.sentinel();
  return harness.portMessages.filter((m) => ids.includes(m.id)).map((m) => m.type);
}
