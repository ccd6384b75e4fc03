// With the harness (install-harness.js) and junk (install-junk.js) installed and the relay ready: posts
// junk.forPort(seed, count, urlBase) over the relay's port, then a ping. Says how many messages it posted, how many
// could not be cloned, how many the relay must count as ignored, the types of the answers and the ping's answer.
async ({ seed, count, urlBase }) => {
  const { messages, expectedIgnored } = junk.forPort(seed, count, urlBase);
  let posted = 0, uncloneable = 0;
  for (const message of messages) {
    try { harness.port.postMessage(message); posted++; } catch { uncloneable++; }
  }
  const pong = await harness.sentinel();
  return { posted, uncloneable, expectedIgnored, answers: harness.portMessages.map((m) => m.type), sentinel: pong.type };
}
