// The relay page's script. It runs in a frame on the service's origin, answers only its parent window, and only
// when the parent's origin is on the service's allow-list; then it makes the parent's requests same-origin.

import { ErrorCode, PROTOCOL_VERSION, envelope, type RefusedMessage } from "../protocol/messages.js";
import { readEnvelope } from "../protocol/validate.js";
import { readConfig } from "./config.js";
import { serve } from "./serve.js";

function start(): void {
  const config = readConfig(document);
  if (window.parent === window || config === null) {
    // Opened directly (not framed) or served without its policy: do nothing at all.
    document.body.textContent = "This is a Bridge relay page. It works only inside a frame on an allowed site.";
    return;
  }
  let activePort: MessagePort | null = null;

  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== window.parent) return;
    const info = readEnvelope(event.data);
    if (info === null || info.type !== "hello") return;
    const parentOrigin = event.origin;
    // An opaque ("null") origin cannot be addressed as a targetOrigin, and is never on the allow-list.
    if (parentOrigin === "null") return;
    if (!config.allowedOrigins.has(parentOrigin)) {
      refuse(parentOrigin, ErrorCode.OriginNotAllowed, `${parentOrigin} is not on the relay's allow-list`);
      return;
    }
    if (info.v !== PROTOCOL_VERSION) {
      refuse(parentOrigin, ErrorCode.VersionMismatch, `relay version ${PROTOCOL_VERSION}, bridge.js version ${info.v}`);
      return;
    }
    activePort?.close();
    const channel = new MessageChannel();
    activePort = channel.port1;
    serve(channel.port1);
    window.parent.postMessage(envelope("ready"), parentOrigin, [channel.port2]);
  });
}

function refuse(parentOrigin: string, code: ErrorCode, message: string): void {
  const refused: RefusedMessage = { ...envelope("refused"), code, message };
  window.parent.postMessage(refused, parentOrigin);
}

start();
