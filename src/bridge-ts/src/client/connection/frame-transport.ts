// The relay in a hidden frame on the service's origin: the transport every page can open without a user's gesture.
// The frame's src names the page's origin, which the relay serves only if its frame-ancestors policy allows it.

import { relayFrameUrl } from "../../protocol/relay-url.js";
import type { ClientToRelay } from "../../protocol/messages.js";
import { windowPort } from "../../protocol/window-port.js";
import type { OpenTransport } from "./transport.js";

export const openFrame: OpenTransport = (relayUrl, events) => {
  const relayOrigin = relayUrl.origin;
  const frame = document.createElement("iframe");
  let established = false;
  const relay = windowPort<ClientToRelay>(() => frame.contentWindow, relayOrigin);
  const check = (): void => {
    if (!frame.isConnected) events.lost("the relay frame was removed from the page");
  };

  // display: none, important, in the frame's own style (set through the CSSOM, which a Content-Security-Policy
  // without 'unsafe-inline' styles allows): the hidden attribute alone yields to any stylesheet of the page that gives
  // iframes a display. Rendering it unseen instead was measured and not kept (bench/README.md: "Then, the relay frame rendered").
  frame.style.setProperty("display", "none", "important");
  frame.title = "Bridge relay";
  frame.setAttribute("aria-hidden", "true");
  frame.tabIndex = -1;
  // A second load means the relay document was replaced (reload or navigation): once established, its port is gone.
  frame.addEventListener("load", () =>
    established ? events.lost("the relay frame loaded another document") : events.loaded(),
  );
  // src before insertion, so the frame never shows an initial about:blank document to us.
  frame.src = relayFrameUrl(relayUrl, location.origin).href;
  const host = document.body ?? document.documentElement;
  host.appendChild(frame);
  const removal = new MutationObserver(check);
  removal.observe(host, { childList: true });
  relay.addEventListener("message", events.message);
  relay.start();

  return {
    // The relay takes the offer when it is of the page's own site (sameSite in window-port.ts).
    offersWindow: true,
    greet(hello) {
      relay.postMessage(hello);
    },
    early(message) {
      relay.postMessage(message);
    },
    established() {
      established = true;
      relay.close();
    },
    check,
    departed() {
      events.lost("the relay document is going away");
    },
    close() {
      removal.disconnect();
      relay.close();
      frame.remove();
    },
  };
};
