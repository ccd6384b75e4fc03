// bridge.connect(service, { interactive: true }) called without user activation, then a token call through it:
// describes how it failed (or that it did not), the connection closed either way. Run as the page's own script
// (SsoBrowser.RunAsPageCodeAsync), never by a Playwright evaluation, which counts as the user's act. Even so, under
// Playwright, Firefox gives the new document a user activation of its own before its load event, with no evaluation or
// click in its tab (measured: 100 to 300 ms after navigation start, still active 3 s later), so the script waits for
// the load event and for that activation to lapse. Then a control: a bare window.open must be blocked, or the engine as
// launched does not block popups (code "control-popup-opened") and the test cannot observe popup-blocked. The control
// and connect's own window.open run in one task, so nothing activates the page in between.
async ({ service, tokenUrl, init }) => {
  if (document.readyState !== "complete") await new Promise((resolve) => addEventListener("load", resolve, { once: true }));
  while (navigator.userActivation?.isActive) await new Promise((resolve) => setTimeout(resolve, 100));
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
