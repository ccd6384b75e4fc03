// The relay page's script. It runs in a frame on the service's origin, answers only its parent window, and only
// when the parent's origin is the one page origin its page serves; then it makes the parent's requests same-origin,
// within that origin's policy. On the forwarding page (the relay URL without an origin, which older clients open), it
// moves to the URL naming the parent's origin instead.

import {
  ErrorCode,
  HELLO_VERSION,
  SUPPORTED_VERSIONS,
  describeVersions,
  envelope,
  negotiateVersion,
  type ReadyMessage,
  type RefusedMessage,
} from "../protocol/messages.js";
import { readClientMessage } from "../protocol/validate.js";
import { relayFrameUrl } from "../protocol/relay-url.js";
import { sameSite, windowPort } from "../protocol/window-port.js";
import { readConfig } from "./config.js";
import { serve, type Served } from "./serve.js";
import { documentStorageAccess, storageAccess } from "./storage-access.js";
import { publishStats, stats } from "./stats.js";

/** How long after a navigation starts a failed fetch may be the document leaving rather than the network. */
const LEAVING_MS = 10_000;

function start(): void {
  publishStats(window);
  const config = readConfig(document);
  const framed = window.parent !== window;
  // A popup is served only on the page of one allowed origin, and only for an opener on exactly that origin (checked
  // per message below): a window opened by anyone else, or by nobody, serves nobody.
  const peer = framed ? window.parent : config?.kind === "serving" ? window.opener as Window | null : null;
  if (peer === null || config === null) {
    document.body.textContent = "This is a Bridge relay page. It works only inside a frame on an allowed site.";
    return;
  }
  if (!framed && config.kind === "serving") {
    document.body.textContent = `${location.origin} is answering ${config.origin}; this window closes by itself.`;
  }
  let session: Served | null = null;
  // A session over the windows (window-port.ts) reads what the parent posts itself, a hello too (which it ignores and
  // counts, as a port's session does): this listener then leaves the parent's messages to it, not reading them twice.
  let overWindows = false;
  let forwarded = false;
  let navigationStartedAt = Number.NEGATIVE_INFINITY;

  window.addEventListener("message", (event: MessageEvent) => {
    // Only the parent (or, in a popup, the opener) speaks to the relay; anything else is not even read.
    if (event.source !== peer) {
      stats.ignoredMessages++;
      return;
    }
    if (overWindows) return;
    const message = readClientMessage(event.data);
    // An opaque ("null") origin cannot be answered without "*" as the target origin, which the relay never uses.
    if (message?.type !== "hello" || event.origin === "null") {
      // A frame's parent posts its first calls to this window, right after its hello, since the port is not there
      // yet: the session the hello opened takes them from the origin it serves, as if they had come over the port.
      if (message !== null && framed && session !== null && config.kind === "serving" && event.origin === config.origin) {
        session.take(message);
        return;
      }
      stats.ignoredMessages++;
      return;
    }
    const hello = message;
    const parentOrigin = event.origin;
    if (config.kind === "forwarding") {
      // The origin is the browser's word for the parent, not message data; the page at that URL decides by its own
      // frame policy. Older clients say hello again when it loads.
      if (!forwarded) location.replace(relayFrameUrl(new URL(location.href), parentOrigin).href);
      forwarded = true;
      return;
    }
    if (parentOrigin !== config.origin) {
      // An opener on another origin is not answered at all: it learns nothing of the service from its popup.
      if (!framed) {
        stats.ignoredMessages++;
        return;
      }
      refuse(peer, parentOrigin, ErrorCode.OriginNotAllowed, `${parentOrigin} is not the page origin this relay page serves`);
      return;
    }
    // The highest version both speak: the session speaks it on the port.
    const version = negotiateVersion(SUPPORTED_VERSIONS, hello.versions);
    if (version === null) {
      refuse(
        peer,
        parentOrigin,
        ErrorCode.VersionMismatch,
        `relay ${describeVersions(SUPPORTED_VERSIONS)}, bridge.js ${describeVersions(hello.versions)}`,
      );
      return;
    }
    // A popup serves one connection. Its opener greets it until it hears ready, so more hellos may come before the
    // first ready arrives: answering them would close the session the opener is taking.
    if (!framed && session !== null) {
      stats.ignoredMessages++;
      return;
    }
    session?.end();
    // Over the windows for a frame of the page's own site that offers them; never in a popup, whose opener may move
    // on to another document, which a port leaves behind and the windows would not.
    overWindows = framed && hello.window === true && sameSite(location.href, parentOrigin);
    const channel = overWindows ? null : new MessageChannel();
    session = serve({
      version,
      port: channel?.port1 ?? windowPort(() => peer, parentOrigin),
      fetch: (url, init) => fetch(url, init),
      parentOrigin,
      policy: config.site,
      headers: config.headers,
      transferStreams: hello.streams,
      leaving: () => performance.now() - navigationStartedAt < LEAVING_MS,
      storageAccess: () => storageAccess(documentStorageAccess(document, navigator)),
    });
    if (channel === null) answer(peer, parentOrigin, { ...envelope("ready"), v: version, window: true });
    else answer(peer, parentOrigin, { ...envelope("ready"), v: version }, [channel.port2]);
  });

  // Reload or navigation: tell the parent at once, so its pending calls fail as lost. Not on beforeunload: a
  // navigation of the page that ends in a 204 or a download fires it and then leaves every document in place. But
  // some browsers cancel a leaving document's fetches before pagehide; a failure soon after beforeunload is held
  // back until it is clear whether the document leaves (serve).
  const leave = (): void => {
    session?.end();
    session = null;
    overWindows = false;
  };
  window.addEventListener("beforeunload", () => {
    navigationStartedAt = performance.now();
  });
  window.addEventListener("pagehide", leave);
}

/** A refusal says v 1, which clients of every version read; its codes are all version 1's. */
function refuse(peer: Window, parentOrigin: string, code: ErrorCode, message: string): void {
  answer(peer, parentOrigin, { ...envelope("refused", HELLO_VERSION), code, message });
}

/** The relay's side of the handshake, posted to its parent (or opener) at that window's exact origin. */
function answer(peer: Window, parentOrigin: string, message: ReadyMessage | RefusedMessage, transfer: Transferable[] = []): void {
  peer.postMessage(message, parentOrigin, transfer);
}

start();
