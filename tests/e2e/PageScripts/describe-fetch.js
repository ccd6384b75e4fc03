// Calls bridge.fetch(url, init), or the browser's own fetch, and describes the outcome as a FetchOutcome
// (BrowserPage.cs): the response read whole, or the error.
async ({ url, init, useBridge }) => {
  try {
    const response = await (useBridge ? bridge.fetch(url, init ?? undefined) : fetch(url, init ?? undefined));
    return {
      ok: true,
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
      url: response.url,
      type: response.type,
      isTypeError: false,
    };
  } catch (error) {
    return {
      ok: false,
      status: 0,
      name: error?.name ?? null,
      code: typeof error?.code === "string" ? error.code : null,
      message: String(error?.message ?? error),
      isTypeError: error instanceof TypeError,
      constructor: error?.constructor?.name ?? null,
      isBridgeError: typeof bridge === "object" && bridge.isBridgeError(error),
      description: typeof bridge === "object" && bridge.isBridgeError(error) ? bridge.describe(error) : null,
      relayUrl: typeof error?.relayUrl === "string" ? error.relayUrl : null,
    };
  }
}
