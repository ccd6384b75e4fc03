// Runs one DropInFetch case with bridge.fetch or fetch and describes the outcome (DropInFetch.CallView): make(base,
// argument) gives the call's input and init; bodies are described by digest (digest.js). An echo's own bytes differ
// by the headers that legitimately differ, so for an echo the request the service saw is described instead, without
// headersThatDiffer and with multipart boundaries normalized.
(make, digest) => async ({ base, argument, useBridge, headersThatDiffer }) => {
  let response;
  try {
    const [input, init] = await make(base, argument);
    response = await (useBridge ? bridge.fetch(input, init) : fetch(input, init));
  } catch (error) {
    return { rejected: true, errorName: error?.name ?? null, isTypeError: error instanceof TypeError, message: String(error?.message ?? error) };
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = [...response.headers].filter(([name]) => name !== 'date');
  let echo = null;
  let body = await digest(bytes);
  if (response.url !== '' && new URL(response.url).pathname === '/api/echo' && response.status === 200 && bytes.length > 0) {
    const seen = JSON.parse(new TextDecoder().decode(bytes));
    const contentType = seen.headers['content-type']?.[0] ?? '';
    const boundary = /boundary=([^;]+)/.exec(contentType)?.[1] ?? null;
    let binary = atob(seen.body);
    const rawLength = binary.length;
    if (boundary !== null) binary = binary.split(boundary).join('BOUNDARY');
    const sent = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) sent[i] = binary.charCodeAt(i);
    const seenHeaders = Object.entries(seen.headers)
      .filter(([name]) => !headersThatDiffer.includes(name))
      .map(([name, values]) => {
        if (boundary !== null && name === 'content-type') return [name, ...values.map((v) => v.split(boundary).join('BOUNDARY'))];
        // The boundaries' lengths may differ; the length must match the body, then counts as the normalized one.
        if (boundary !== null && name === 'content-length' && values.length === 1 && Number(values[0]) === rawLength) return [name, String(sent.length)];
        return [name, ...values];
      })
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    echo = {
      method: seen.method, path: seen.path, query: seen.query, headers: seenHeaders, body: await digest(sent),
      relayOrigin: seen.headers['bridge-relay-origin'] ?? [],
    };
    // The echo's own bytes and length include the headers that differ: compared through echo instead.
    body = 'an echo';
    for (let i = headers.length - 1; i >= 0; i--) if (headers[i][0] === 'content-length') headers.splice(i, 1);
  }
  return {
    rejected: false, status: response.status, statusText: response.statusText, ok: response.ok,
    headers, body, url: response.url, redirected: response.redirected, type: response.type, echo,
  };
}
