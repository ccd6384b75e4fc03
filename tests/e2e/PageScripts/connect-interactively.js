// bridge.connect(service, { interactive: true }) called without user activation, then a token call through it:
// describes how it failed (or that it did not), the connection closed either way. Playwright runs page scripts as if
// the user had just acted (Chromium: for the script's own task): a first window.open spends that activation, as any
// popup does, and connect runs in a later task (a message to itself, no timer), so it has none. A control comes first:
// a bare window.open in that task must be blocked, or the engine as launched does not block popups here (code
// "control-popup-opened") and the test cannot observe popup-blocked.
async ({ service, tokenUrl, init }) => {
  window.open("about:blank", "_blank")?.close();
  await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  });
  const probe = window.open("about:blank", "_blank");
  if (probe !== null) {
    probe.close();
    return { ok: false, status: 0, code: "control-popup-opened", description: "a popup opened without a click" };
  }
  let connection;
  try {
    connection = bridge.connect(service, { interactive: true });
    await connection.ready;
    const response = await connection.fetch(tokenUrl, init);
    return { ok: true, status: response.status, code: null, description: null };
  } catch (error) {
    return {
      ok: false,
      status: 0,
      code: typeof error?.code === "string" ? error.code : null,
      description: bridge.isBridgeError(error) ? bridge.describe(error) : String(error),
    };
  } finally {
    connection?.close();
  }
}
