// The handshake: each document the relay's window loads is greeted with the versions bridge.js speaks, until the relay
// answers ready, in a version both speak, with the port all later traffic uses, or refuses. Nothing waits without a
// bound: the whole handshake has a timeout, and so has the answer to each greeting.

import {
  ErrorCode,
  HELLO_VERSION,
  SUPPORTED_VERSIONS,
  envelope,
  type HelloMessage,
  type PortToRelay,
} from "../../protocol/messages.js";
import { readRelayMessage } from "../../protocol/validate.js";
import { windowPort } from "../../protocol/window-port.js";
import type { RelayTransport } from "./transport.js";

export interface HandshakeSettings {
  /** How long the whole handshake may take, from opening the transport to the relay's answer. */
  readonly handshakeTimeout: number;
  /** How long a relay window that has finished loading may take to answer the hello. */
  readonly answerTimeout: number;
  /** Whether response bodies may travel as transferred streams (otherwise as chunk messages). */
  readonly transferStreams: boolean;
}

export interface HandshakeOutcome {
  /** The port all later traffic uses, and the version the relay chose, which every message on it carries. */
  ready(port: PortToRelay, version: number): void;
  failed(code: ErrorCode, detail?: string): void;
}

export interface Handshake {
  /** Greets the document the relay's window has loaded. */
  greet(): void;
  /** Reads what the relay's window posted: ready or refused end the handshake; anything else is ignored. */
  answer(event: MessageEvent): void;
  /** Ends the handshake's timers, when the connection dies before it is done. */
  stop(): void;
}

export function handshake(transport: RelayTransport, settings: HandshakeSettings, outcome: HandshakeOutcome): Handshake {
  const hello: HelloMessage = {
    ...envelope("hello"),
    v: HELLO_VERSION,
    versions: SUPPORTED_VERSIONS,
    streams: settings.transferStreams,
    ...(transport.offersWindow && { window: true }),
  };
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  let done = false;
  const startTimer = (ms: number, code: ErrorCode, detail?: string): void => {
    timers.push(setTimeout(() => outcome.failed(code, detail), ms));
  };
  const stop = (): void => {
    done = true;
    for (const timer of timers) clearTimeout(timer);
  };

  startTimer(settings.handshakeTimeout, ErrorCode.HandshakeTimeout, `no answer within ${settings.handshakeTimeout} ms`);
  return {
    greet() {
      if (done) return;
      transport.greet(hello);
      // The relay's script registers its listener while the document parses, before the window's load event, so a
      // live relay answers at once. Silence after load means the window holds something else: a page refused by the
      // relay's frame-ancestors policy, a browser error page, or a page that is not a relay.
      startTimer(settings.answerTimeout, ErrorCode.RelayUnanswered);
    },
    answer(event) {
      if (done) return;
      const message = readRelayMessage(event.data);
      if (message?.type === "refused") return outcome.failed(message.code, message.message);
      if (message?.type !== "ready") return;
      // The relay's choice: the highest version both speak (a relay before negotiation answers with its own).
      if (!SUPPORTED_VERSIONS.includes(message.v)) {
        return outcome.failed(
          ErrorCode.VersionMismatch,
          `relay version ${message.v}, bridge.js versions ${SUPPORTED_VERSIONS.join(", ")}`,
        );
      }
      // The windows only when this side offered them (the source is the relay's window: the transport checked it).
      const relay = event.source as Window;
      const port = message.window ? transport.offersWindow && windowPort(() => relay, event.origin) : event.ports[0];
      if (!port) return;
      stop();
      transport.established();
      outcome.ready(port, message.v);
    },
    stop,
  };
}
