// How a call settled, for comparing bridge.fetch's failures with fetch's: the rejection's constructor, name and
// message, and bridge.js's code and explanation.
(promise) => promise.then(
  () => ({ rejected: false }),
  (error) => ({
    rejected: true,
    constructor: error?.constructor?.name ?? null,
    name: error?.name ?? null,
    message: String(error?.message ?? error),
    code: typeof bridge === 'object' && bridge.isBridgeError(error) ? error.code : null,
    description: typeof bridge === 'object' && bridge.isBridgeError(error) ? bridge.describe(error) : null,
    hasCause: error?.cause !== undefined,
  }))
