// Calls bridge.fetch(url) and reads the body until its first line; then cancels the body. Resolves with that text.
async (url) => {
  const response = await bridge.fetch(url);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('\n')) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}
