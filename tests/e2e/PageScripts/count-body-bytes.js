// Calls bridge.fetch(url) and reads the body with a reader, counting its bytes; says whether the whole body came,
// how many bytes did, and the error that stopped it.
async (url) => {
  let bytes = 0;
  try {
    const response = await bridge.fetch(url);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { ok: true, bytes };
      bytes += value.byteLength;
    }
  } catch (error) {
    return { ok: false, bytes, name: error?.name ?? null, code: error?.code ?? null, message: String(error?.message ?? error) };
  }
}
