// Counts the page's live intervals (bridge.js's liveness timers) while bridge.fetch(url)'s body lies unread, while a
// read of it waits, and once the read is cancelled; says them, with the body's first chunk. A timer outlives its busy
// spell by up to its one-second interval (calls one after another share it), so the idle counts wait that long.
async (url) => {
  const active = new Set();
  const set = window.setInterval;
  const clear = window.clearInterval;
  window.setInterval = (...args) => { const id = set(...args); active.add(id); return id; };
  window.clearInterval = (id) => { active.delete(id); clear(id); };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const interval = () => new Promise((resolve) => setTimeout(resolve, 1_100));
  try {
    const response = await bridge.fetch(url);
    await interval();
    const unread = active.size;
    const reader = response.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const next = reader.read();
    await tick();
    const whileReading = active.size;
    await reader.cancel();
    await next;
    await interval();
    return { unread, first, whileReading, cancelled: active.size };
  } finally {
    window.setInterval = set;
    window.clearInterval = clear;
  }
}
