// Calls bridge.fetch(url) and reads the body, dropping each chunk; stops at a checkpoint after the response and
// every `step` bytes (window.memoryCheckpoint counts them) until window.memoryResume() is called. Resolves with the
// bytes read.
async ({ url, step }) => {
  let checkpoint = 0;
  const pause = () => new Promise((resume) => {
    window.memoryResume = resume;
    window.memoryCheckpoint = checkpoint++;
  });
  const response = await bridge.fetch(url);
  const reader = response.body.getReader();
  await pause();
  let total = 0;
  for (let next = step; ; ) {
    const { done, value } = await reader.read();
    if (done) return total;
    total += value.byteLength;
    if (total >= next) {
      next += step;
      await pause();
    }
  }
}
