// Dispatches stray answers (responses, failures, chunks, ends for an unknown id, an answered call's and an aborted
// call's) on the page's end of the relay's port the instant a real request is posted; says how many, how the
// calls around them went, and whether the page kept its one relay.
async (service) => {
  const requests = [];
  let onRequest = () => undefined;
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (message, ...rest) {
    const result = post.call(this, message, ...rest);
    if (message?.ns === 'bridge' && message.type === 'request') {
      requests.push(message.id);
      onRequest(this, message.id);
    }
    return result;
  };
  const stray = (port, type, id, fields = {}) =>
    port.dispatchEvent(new MessageEvent('message', { data: { ns: 'bridge', v: 1, type, id, ...fields } }));
  const answer = (port, id) => stray(port, 'response', id, {
    status: 418, statusText: 'Stray', headers: [['x-stray', '1']], url: `${service}/stray`, redirected: false, body: null, chunked: false,
  });

  // A: answered. C: aborted after its request went out.
  const a = await bridge.fetch(`${service}/api/echo?call=A`);
  await a.text();
  const frame = document.querySelector('iframe');
  const controller = new AbortController();
  const cSent = new Promise((resolve) => { onRequest = (port, id) => resolve(id); });
  const c = bridge.fetch(`${service}/api/slow?ms=30000&before=true&call=C`, { signal: controller.signal });
  const cId = await cSent;
  controller.abort();
  const cOutcome = await c.then(() => 'resolved', (error) => error.name);
  const [aId] = requests;

  // B: the strays arrive the instant its request is posted, before its own answer can.
  let strays = 0;
  onRequest = (port) => {
    onRequest = () => undefined;
    for (const id of ['f'.repeat(32), aId, cId]) {
      answer(port, id);
      stray(port, 'failure', id, { code: 'network-error', message: 'stray failure' });
      stray(port, 'chunk', id, { data: new Uint8Array([1, 2, 3]).buffer });
      stray(port, 'end', id);
      strays += 4;
    }
  };
  const b = await bridge.fetch(`${service}/api/echo?call=B`, { method: 'POST', body: 'b' });
  const bText = await b.text();
  const bEcho = b.status === 200 ? JSON.parse(bText) : { query: null, body: '' };

  const d = await bridge.fetch(`${service}/api/hello`);
  return {
    strays, cOutcome,
    b: { status: b.status, url: b.url, stray: b.headers.get('x-stray'), query: bEcho.query, body: atob(bEcho.body) },
    d: { status: d.status, text: await d.text() },
    sameRelay: document.querySelector('iframe') === frame && frame.isConnected,
    frames: document.querySelectorAll('iframe').length,
  };
}
