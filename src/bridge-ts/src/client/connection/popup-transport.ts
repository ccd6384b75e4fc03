// The relay in a first-party popup on the service's origin: top-level, it sees the service's cookies where a frame
// under another site cannot. Browsers open a popup only during a user's click, so this must run synchronously in
// the click handler, before any await. The popup starts on about:blank, which drops messages addressed to the
// relay's origin, and its load cannot be seen across origins: the hello is posted again until the relay answers.

import { ErrorCode, type HelloMessage } from "../../protocol/messages.js";
import { relayFrameUrl } from "../../protocol/relay-url.js";
import { windowPort } from "../../protocol/window-port.js";
import type { OpenTransport } from "./transport.js";

/** How often the hello is posted until the relay answers, and the popup checked for being closed. */
const POLL_MS = 100;

export const openPopup: OpenTransport = (relayUrl, events) => {
  const relayOrigin = relayUrl.origin;
  const popup = window.open(relayFrameUrl(relayUrl, location.origin).href, "_blank", "popup,width=480,height=240");
  if (popup === null) {
    // After the connection has set itself up: it hears of the failure as of any other.
    queueMicrotask(() => events.lost("the browser blocked it", ErrorCode.PopupBlocked));
    return { greet() {}, established() {}, check() {}, departed() {}, close() {} };
  }
  let hello: HelloMessage | null = null;
  const relay = windowPort<HelloMessage>(() => popup, relayOrigin);
  relay.addEventListener("message", events.message);
  relay.start();
  const check = (): void => {
    if (popup.closed) events.lost("the user closed it", ErrorCode.PopupClosed);
  };
  const poll = setInterval(() => {
    check();
    if (hello !== null) relay.postMessage(hello);
  }, POLL_MS);

  queueMicrotask(() => events.loaded());
  return {
    greet(message) {
      hello = message;
      relay.postMessage(message);
    },
    established() {
      hello = null;
      relay.close();
    },
    check,
    // The relay in a popup leaves its document when the user closes the popup (or takes it elsewhere).
    departed() {
      events.lost("the user closed it", ErrorCode.PopupClosed);
    },
    close() {
      clearInterval(poll);
      relay.close();
      popup.close();
    },
  };
};
