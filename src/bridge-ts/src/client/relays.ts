// Which relay serves which origin, and the one live connection per relay origin.

import { warnOfNetworkFailure } from "./errors.js";
import { openFrame } from "./connection/frame-transport.js";
import { openPopup } from "./connection/popup-transport.js";
import { RelayConnection, type RelaySettings } from "./connection/relay-connection.js";

export interface BridgeOptions {
  /** Relay page per service origin, e.g. { "https://api.example": "https://api.example/bridge/relay.html" }. */
  readonly relays?: Readonly<Record<string, string>>;
  /** Path of the relay page on origins without an entry in `relays`. Default "/bridge/relay.html". */
  readonly relayPath?: string;
  /** Milliseconds the handshake may take in all. Default 10000. */
  readonly handshakeTimeout?: number;
  /** Milliseconds a loaded relay frame may take to answer. Default 3000. */
  readonly answerTimeout?: number;
  /** Milliseconds a relay with calls in flight may leave liveness checks unanswered before it counts as lost. Default 5000. */
  readonly livenessTimeout?: number;
  /**
   * Response bodies too large to come inline as transferred streams (true), or as chunk messages, a few asked for
   * ahead of the reads (false, the default: as fast or faster in Chromium and Firefox, and with a third of the memory
   * in Chromium across sites, where a transferred stream crosses processes a chunk at a time).
   */
  readonly transferStreams?: boolean;
}

const DEFAULT_RELAY_PATH = "/bridge/relay.html";

const relayUrls = new Map<string, URL>();
const connections = new Map<string, RelayConnection>();
let relayPath = DEFAULT_RELAY_PATH;
let settings: RelaySettings = { handshakeTimeout: 10_000, answerTimeout: 3_000, livenessTimeout: 5_000, transferStreams: false };

export function configure(options: BridgeOptions): void {
  // Everything is checked before anything changes: a bad option leaves the configuration as it was.
  const urls = Object.entries(options.relays ?? {}).map(([origin, url]) => [origin, relayUrlFor(origin, url)] as const);
  const path = option("relayPath", options.relayPath, (value) => typeof value === "string" && value.startsWith("/"), 'a path starting with "/"');
  const ms = (name: "handshakeTimeout" | "answerTimeout" | "livenessTimeout"): number =>
    option(name, options[name], isPositiveNumber, "a positive number of milliseconds") ?? settings[name];
  const next: RelaySettings = {
    handshakeTimeout: ms("handshakeTimeout"),
    answerTimeout: ms("answerTimeout"),
    livenessTimeout: ms("livenessTimeout"),
    transferStreams:
      option("transferStreams", options.transferStreams, (value) => typeof value === "boolean", "true or false") ??
      settings.transferStreams,
  };
  for (const [origin, url] of urls) relayUrls.set(origin, url);
  relayPath = path ?? relayPath;
  settings = next;
  // A relay opened as bridge.js loaded, and unused, whose page or settings this changes is closed: the first call
  // opens it anew as configured. One this leaves as it was stays open.
  for (const [connection, opened] of openedAhead) {
    if (opened.with !== openedWith(opened.origin)) {
      openedAhead.delete(connection);
      connection.close();
    }
  }
}

/** Connections opened as bridge.js loaded (openAhead) that nothing has used yet, and what they were opened with. */
const openedAhead = new Map<RelayConnection, { readonly origin: string; readonly with: string }>();

/** The relay page and settings a connection to `origin` opens with now, as one string to compare. */
function openedWith(origin: string): string {
  return JSON.stringify([relayUrlOf(origin).href, settings]);
}

/**
 * Opens a service's relay while the page loads, so that its first call finds the relay ready. A failure is left to
 * that call, which opens the relay again and hears why.
 */
export function openAhead(origin: string): void {
  const connection = connectionFor(origin);
  openedAhead.set(connection, { origin, with: openedWith(origin) });
  connection.ready().catch(() => openedAhead.delete(connection));
}

/** The live connection for a service origin, opening the relay on first use. */
export function connectionFor(origin: string): RelayConnection {
  const existing = connections.get(origin);
  if (existing !== undefined) openedAhead.delete(existing);
  if (existing !== undefined && existing.isAlive()) return existing;
  const connection = new RelayConnection(relayUrlOf(origin), openFrame, settings, (dead) => {
    if (connections.get(origin) === dead) connections.delete(origin);
  });
  connections.set(origin, connection);
  return connection;
}

/**
 * A new connection to a service's relay in a first-party popup, its own: not shared, not reused. The popup loads
 * while the user watches, so the whole handshake bounds the wait for its answer rather than the frame's short one.
 */
export function popupConnection(origin: string): RelayConnection {
  return new RelayConnection(relayUrlOf(origin), openPopup, { ...settings, answerTimeout: settings.handshakeTimeout }, () => undefined);
}

function relayUrlOf(origin: string): URL {
  return relayUrls.get(origin) ?? new URL(relayPath, origin);
}

/**
 * Opens the relay for a service (an origin or any URL on it) ahead of the first call, which then pays nothing for
 * the frame and the handshake. Resolves once the relay is ready; rejects with the bridge error a call would get
 * (origin-not-allowed, handshake-timeout, ...), so a page can check its setup early. Nothing to open for its own
 * origin.
 */
export async function preconnect(service: string | URL): Promise<void> {
  const url = serviceUrl("preconnect", service);
  if (url.origin === location.origin) return;
  try {
    await connectionFor(url.origin).ready();
  } catch (error) {
    warnOfNetworkFailure(error);
    throw error;
  }
}

/** The service's URL, for `api`: an http or https URL or origin, else a TypeError saying so. */
export function serviceUrl(api: string, service: string | URL): URL {
  const url = parseUrl(service, location.href);
  if (url?.protocol === "https:" || url?.protocol === "http:") return url;
  throw new TypeError(`Bridge: ${api} needs an http or https URL or origin, got ${String(service)}.`);
}

/** Closes the relay for a service origin (all of them without an argument); pending calls reject. */
export function closeRelay(origin?: string): void {
  const targets = origin === undefined ? [...connections.values()] : [connections.get(origin)];
  for (const connection of targets) connection?.close();
}

function relayUrlFor(origin: string, url: string): URL {
  const parsed = parseUrl(url);
  if (parsed?.origin === origin) return parsed;
  throw new TypeError(`Bridge: the relay for ${origin} must be an absolute URL on that origin, got ${url}.`);
}

function parseUrl(url: string | URL, base?: string): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

/** `value` if it is undefined or valid, else a TypeError naming the option and what it must be. */
export function option<T>(name: string, value: T | undefined, valid: (value: T) => boolean, expected: string): T | undefined {
  if (value === undefined || valid(value)) return value;
  throw new TypeError(`Bridge: ${name} must be ${expected}, got ${String(value)}.`);
}

export function isPositiveNumber(value: unknown): boolean {
  return typeof value === "number" && value > 0 && value < Infinity;
}
