// With the harness's frame open (install-harness.js): says hello as clients before the relay URL named the page's
// origin did, again each time the frame loads a document (the forwarding page moves on), until an answer comes or the
// frame has loaded `loads` more documents. Resolves with the answer's type, or null.
async (loads) => {
  for (let load = 0; load < loads; load++) {
    const seen = harness.windowMessages.length;
    const loaded = new Promise((resolve) => harness.frame.addEventListener("load", () => resolve(false), { once: true }));
    harness.post({ ns: "bridge", v: 1, type: "hello", streams: true });
    if (await Promise.race([loaded, harness.until(() => harness.windowMessages.length > seen).then(() => true)])) {
      return harness.windowMessages[seen].type;
    }
  }
  return null;
}
