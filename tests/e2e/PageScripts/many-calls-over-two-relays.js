// Makes `total` bridge.fetch calls to the two services in `origins`, `inFlight` at a time, over two relays: the first
// opened with transferStreams false (large bodies come as chunk messages), the second with true (as transferred
// streams); small bodies come inline over both. Each call checks that its answer is its own; says how many calls were
// answered once and more than once, the most in flight, the first problems and the relay frames (each relay counts
// how its bodies went, which the test reads in its frame). window.manyCallsProgress() says how far it has come.
async ({ origins, total, inFlight, run }) => {
  bridge.configure({ transferStreams: false });
  await (await bridge.fetch(`${origins[0]}/api/hello`)).text();
  bridge.configure({ transferStreams: true });
  await (await bridge.fetch(`${origins[1]}/api/hello`)).text();

  const hosts = origins.map((origin) => new URL(origin).host);
  const answers = new Uint16Array(total);
  const problems = [];
  let next = 0;
  let now = 0;
  let most = 0;
  let settled = 0;
  window.manyCallsProgress = () => `${settled} of ${total} calls settled, ${now} in flight`;
  // One call in five asks for a body too large to come inline (the relay's INLINE_MAX_BYTES is 64 KiB), so that
  // chunk messages and streams of many calls interleave too; the others echo, their small answers inline.
  const bodyBytes = (i) => 70_000 + i;
  const large = async (i, which) => {
    const url = `${origins[which]}/api/bytes?n=${bodyBytes(i)}&i=${i}&run=${run}`;
    const response = await bridge.fetch(url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const last = bytes.length - 1;
    if (response.status === 200 && response.url === url && bytes.length === bodyBytes(i) && bytes[last] === last % 251) {
      answers[i]++;
    } else if (problems.length < 10) {
      problems.push(`call ${i} to ${hosts[which]} got status ${response.status}, url ${response.url}, ${bytes.length} bytes`);
    }
  };
  const call = async (i) => {
    const which = i % origins.length;
    if (i % 5 === 0) return large(i, which);
    const url = `${origins[which]}/api/echo?i=${i}&run=${run}`;
    const response = await bridge.fetch(url, { method: 'POST', body: `call ${i}` });
    const echo = await response.json();
    const body = atob(echo.body);
    if (response.status === 200 && response.url === url && echo.query === `?i=${i}&run=${run}` && body === `call ${i}` && echo.headers.host?.[0] === hosts[which]) {
      answers[i]++;
    } else if (problems.length < 10) {
      problems.push(`call ${i} to ${hosts[which]} got status ${response.status}, url ${response.url}, query ${echo.query}, body ${body}, host ${echo.headers.host}`);
    }
  };
  const worker = async () => {
    while (next < total) {
      const i = next++;
      now++;
      most = Math.max(most, now);
      try {
        await call(i);
      } catch (error) {
        if (problems.length < 10) problems.push(`call ${i}: ${error?.name} ${error?.code ?? ''} ${error?.message}`);
      } finally {
        now--;
        settled++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return {
    answeredOnce: answers.filter((n) => n === 1).length,
    answeredTwice: answers.filter((n) => n > 1).length,
    most,
    problems,
    frames: Array.from(document.querySelectorAll('iframe'), (frame) => frame.src).sort(),
  };
}
