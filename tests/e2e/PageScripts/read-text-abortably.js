// Calls bridge.fetch(url) with window.controller's signal and reads the body with text(); sets window.reading once
// the read is under way. Resolves with the text.
async (url) => {
  window.controller = new AbortController();
  const response = await bridge.fetch(url, { signal: window.controller.signal });
  const text = response.text();
  window.reading = true;
  return await text;
}
