// The public API of bridge.js.

export { bridgeFetch as fetch, type BridgeRequestInit } from "./bridge-fetch.js";
export { configure, closeRelay, preconnect, type BridgeOptions } from "./relays.js";
export { connect, type BridgeConnection, type ConnectOptions } from "./connect.js";
export { ErrorCode, describe, isBridgeError, type BridgeError } from "./errors.js";
export { PROTOCOL_VERSION } from "../protocol/messages.js";
