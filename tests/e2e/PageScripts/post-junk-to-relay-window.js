// With the harness (install-harness.js) and junk (install-junk.js) installed and the relay framed: posts to the
// relay's window junk.curated(), or given { seed, count } junk.forWindow(seed, count), then a valid hello. Says how
// many messages it posted, how many could not be cloned, and the types of the answers.
async (fuzz) => {
  let posted = 0, uncloneable = 0;
  for (const message of fuzz ? junk.forWindow(fuzz.seed, fuzz.count) : junk.curated()) {
    try { harness.post(message); posted++; } catch { uncloneable++; }
  }
  // The sentinel: the relay handles its parent's messages in order, so its answer to this hello comes after anything
  // it would have answered before.
  await harness.hello();
  return { posted, uncloneable, answers: harness.windowMessages.map((m) => m.type) };
}
