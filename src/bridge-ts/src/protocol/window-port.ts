// A window as a port: what a transport hears from the relay's window during the handshake, and the session itself
// when it goes over the two windows' own postMessage instead of a MessagePort (for a relay frame of the page's own
// site, sameSite below).
//
// A port is private to its two ends; a window hears anyone who holds a reference to it. So this port hears only what
// the peer window itself posts from the peer's exact origin (the one the handshake checked), and posts only to that
// origin: what another frame or window posts, even from the same origin, never reaches the session.

import type { ProtocolPort } from "./messages.js";

/**
 * The window `peer()` (as it is when a message comes) as a port: posts to it at `peerOrigin`, hears what it alone
 * posts from `peerOrigin`. It takes one listener, as each side has one: a second takes the first one's place.
 */
export function windowPort<Out>(peer: () => Window | null, peerOrigin: string): ProtocolPort<Out> {
  let listener = (_event: MessageEvent): void => undefined;
  const hear = (event: MessageEvent): void => {
    if (event.source === peer() && event.origin === peerOrigin) listener(event);
  };
  return {
    postMessage(message, transfer = []) {
      peer()?.postMessage(message, peerOrigin, transfer);
    },
    addEventListener(_type, heard) {
      listener = heard;
    },
    start() {
      window.addEventListener("message", hear);
    },
    close() {
      window.removeEventListener("message", hear);
    },
  };
}

/**
 * Whether a relay on `relay` framed by a page on `page` goes over the windows: when the two look like one site, which
 * browsers run in one process. There a port is the slow way: Firefox routes every port message through its parent
 * process (a round trip of about 200 µs against 14 µs between the windows, and 16 MiB in 40 to 96 ms against 2 to
 * 3 ms). Across processes the port is as fast or faster, so other frames keep it.
 *
 * The site is guessed from the scheme and the host's last two labels, or the whole address of an IPv4 host (no
 * top-level domain ends in a digit; an IPv6 host has no dots). A public suffix of more labels (co.uk) or a shared one
 * (github.io) makes the guess wrong, and a wrong guess only picks the slower of the two ways, never a less safe one.
 */
export function sameSite(relay: string, page: string): boolean {
  return siteOf(new URL(relay)) === siteOf(new URL(page));
}

function siteOf({ protocol, hostname }: URL): string {
  return protocol + (/\d$/.test(hostname) ? hostname : hostname.split(".").slice(-2).join("."));
}
