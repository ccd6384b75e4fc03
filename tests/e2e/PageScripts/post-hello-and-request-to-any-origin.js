// With the harness's frame open (install-harness.js): posts to whatever the frame holds now, with target origin "*",
// a hello and then a request with the given fields, as if a channel existed. Says the types of the answers so far.
(request) => {
  harness.post({ ns: "bridge", v: 1, type: "hello", streams: true }, "*");
  harness.post(harness.request(request), "*");
  return harness.windowMessages.map((m) => m.type);
}
