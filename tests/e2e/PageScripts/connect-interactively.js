// bridge.connect(service, { interactive: true }) called from the test, outside any click, then a token call through
// it: describes how it failed (or that it did not), the connection closed either way.
async ({ service, tokenUrl, init }) => {
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
