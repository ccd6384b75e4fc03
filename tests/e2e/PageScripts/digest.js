// Describes bytes (an ArrayBuffer or a view) by their length and SHA-256, so that bodies are compared without
// carrying them out of the page.
async (bytes) => {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `${bytes.byteLength} bytes, sha256 ${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
