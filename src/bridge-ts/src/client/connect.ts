// bridge.connect: a handle on one service's relay. Interactive, the relay runs in a first-party popup, where the
// service's cookies go along even when the page is on another site; otherwise it is the shared hidden frame that
// bridge.fetch uses.

import { fetchThrough, type BridgeRequestInit } from "./bridge-fetch.js";
import type { RelayConnection } from "./connection/relay-connection.js";
import { connectionFor, popupConnection, serviceUrl } from "./relays.js";

export interface ConnectOptions {
  /**
   * Open the relay in a popup on the service's origin, where its cookies are first-party: the recovery from
   * storage-access-required. Browsers allow it only from a user's click: call connect synchronously in the click
   * handler, before any await, or ready and every call reject with popup-blocked.
   */
  readonly interactive?: boolean;
}

export interface BridgeConnection {
  /** Resolves once the relay has answered; rejects with the bridge error that ended the connection. */
  readonly ready: Promise<void>;
  /** bridge.fetch through this connection, for URLs on its service's origin only. */
  fetch(input: RequestInfo | URL, init?: BridgeRequestInit): Promise<Response>;
  /** Closes the relay (closes the popup); pending calls reject with relay-closed. */
  close(): void;
}

export function connect(service: string | URL, options: ConnectOptions = {}): BridgeConnection {
  const origin = serviceUrl("connect", service).origin;
  // Opened now, in the caller's turn: a popup opened after an await has lost the click that allows it.
  const connection = options.interactive === true ? popupConnection(origin) : connectionFor(origin);
  const ready = connection.ready();
  ready.catch(() => undefined);
  const through = (target: string): RelayConnection => {
    if (target !== origin) throw new TypeError(`Bridge: this connection is to ${origin}, not ${target}.`);
    return connection;
  };
  return {
    ready,
    fetch: (input, init) => fetchThrough(through, input, init),
    close: () => connection.close(),
  };
}
