// Calls ky (imported from the URL `ky`) with bridge.fetch or the page's fetch, by fetchName, two retries without
// delay, through a wrapper that numbers each attempt in the URL (so the service can fail the first two) and counts
// them. Says the text, or the error ky gave and the fetch error beneath it.
async ({ ky, url, fetchName }) => {
  const { default: client } = await import(ky);
  const fetchFunction = fetchName === 'bridge.fetch' ? bridge.fetch : window.fetch;
  let attempts = 0;
  const numbered = (input, init) => {
    const request = new Request(input, init);
    const target = new URL(request.url);
    target.searchParams.set('attempt', String(++attempts));
    return fetchFunction(new Request(target, request));
  };
  try {
    const text = await client.get(url, { fetch: numbered, retry: { limit: 2, delay: () => 0 } }).text();
    return { resolved: true, text, attempts };
  } catch (error) {
    const raw = error?.cause ?? error;
    return {
      resolved: false, attempts, kyError: error?.name ?? null, name: raw?.name ?? null, message: String(raw?.message ?? raw),
      code: typeof bridge === 'object' && bridge.isBridgeError(raw) ? raw.code : null,
    };
  }
}
