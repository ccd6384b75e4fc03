// How a promise settled, as a PageOutcome (BrowserPage.cs): its value, or what it rejected with.
(promise) => promise.then(
  (value) => ({ resolved: true, value: value ?? null, isTypeError: false, isDomException: false, isBridgeError: false }),
  (error) => ({
    resolved: false,
    value: null,
    name: error?.name ?? null,
    code: typeof error?.code === 'string' ? error.code : null,
    message: String(error?.message ?? error),
    isTypeError: error instanceof TypeError,
    isDomException: error instanceof DOMException,
    isBridgeError: typeof bridge === 'object' && bridge.isBridgeError(error),
    constructor: error?.constructor?.name ?? null,
    description: typeof bridge === 'object' && bridge.isBridgeError(error) ? bridge.describe(error) : null,
    relayUrl: typeof error?.relayUrl === 'string' ? error.relayUrl : null,
  }))
