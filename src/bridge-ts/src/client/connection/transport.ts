// A transport is one way to reach a relay page on the service's origin: a hidden frame in the page, or a first-party
// popup window. It opens the relay's window, carries the handshake's hello to it at the relay's exact
// origin, passes on what that window alone posts from that origin, and says when the window is lost. The handshake
// ends in a MessagePort, and everything after it travels over that port, whatever the transport; or, for a frame of
// the page's own site, over the two windows (window-port.ts).

import type { ClientToRelay, ErrorCode, HelloMessage } from "../../protocol/messages.js";

/** Opens a transport to the relay page at `relayUrl`; `events` hears from it until it is closed. */
export type OpenTransport = (relayUrl: URL, events: TransportEvents) => RelayTransport;

export interface RelayTransport {
  /**
   * Whether the hello offers the session over the two windows instead of a port (window-port.ts), which the relay
   * takes when it is of the page's own site. A frame does; a popup never: its opener may move on to another
   * document, which a port leaves behind and the windows would not.
   */
  readonly offersWindow?: boolean;
  /** Posts the hello to the relay's window, addressed to the relay's exact origin (never "*"). */
  greet(hello: HelloMessage): void;
  /**
   * Posts a session message to the relay's window as the hello went, before the relay's ready has come (a call made
   * meanwhile); copied, not transferred, so that it can go again. A frame can; a popup cannot: its opener may move on
   * to another document, which would then speak for the session.
   */
  early?(message: ClientToRelay): void;
  /**
   * The handshake is done: the window is not listened to any more, and from now on a new document in it means the
   * relay is lost (its port went with the old one), not a relay to greet.
   */
  established(): void;
  /** Reports `lost` now if the relay's window went away unnoticed (a frame removed with an ancestor, say). */
  check(): void;
  /** The relay's document said it is going away: reports `lost` in this transport's words (a popup closed). */
  departed(): void;
  /** Takes the relay's window away (removes the frame, closes the popup) and stops listening to it. */
  close(): void;
}

export interface TransportEvents {
  /** The relay's window holds a document that has not been greeted yet (a relay may move on to another page). */
  loaded(): void;
  /** A message posted by the relay's window from the relay's origin: nothing from another window or origin comes. */
  message(event: MessageEvent): void;
  /**
   * The relay's window is gone, or holds another document than the one that answered; `detail` says which. `code`
   * names a failure more exact than relay-lost (the popup was blocked, or closed by the user).
   */
  lost(detail: string, code?: ErrorCode): void;
}

