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
  /** Response bodies as transferred streams (default true); false sends them as chunk messages instead. */
  readonly transferStreams?: boolean;
}

const DEFAULT_RELAY_PATH = "/bridge/relay.html";

const relayUrls = new Map<string, URL>();
const connections = new Map<string, RelayConnection>();
let relayPath = DEFAULT_RELAY_PATH;
let settings: RelaySettings = { handshakeTimeout: 10_000, answerTimeout: 3_000, livenessTimeout: 5_000, transferStreams: true };

export function configure(options: BridgeOptions): void {
  const nextUrls = new Map<string, URL>();
  for (const [origin, url] of Object.entries(options.relays ?? {})) {
    nextUrls.set(origin, relayUrlFor(origin, url));
  }
  if (options.relayPath !== undefined && !options.relayPath.startsWith("/")) {
    throw new TypeError(`Bridge: relayPath must start with "/", got ${JSON.stringify(options.relayPath)}.`);
  }
  if (options.transferStreams !== undefined && typeof options.transferStreams !== "boolean") {
    throw new TypeError(`Bridge: transferStreams must be true or false, got ${String(options.transferStreams)}.`);
  }
  const next: RelaySettings = {
    handshakeTimeout: positiveMs("handshakeTimeout", options.handshakeTimeout) ?? settings.handshakeTimeout,
    answerTimeout: positiveMs("answerTimeout", options.answerTimeout) ?? settings.answerTimeout,
    livenessTimeout: positiveMs("livenessTimeout", options.livenessTimeout) ?? settings.livenessTimeout,
    transferStreams: options.transferStreams ?? settings.transferStreams,
  };
  for (const [origin, url] of nextUrls) relayUrls.set(origin, url);
  relayPath = options.relayPath ?? relayPath;
  settings = next;
}

/** The live connection for a service origin, opening the relay on first use. */
export function connectionFor(origin: string): RelayConnection {
  const existing = connections.get(origin);
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
  let url: URL;
  try {
    url = new URL(service, location.href);
  } catch {
    throw new TypeError(`Bridge: ${api} needs a URL or an origin, got ${JSON.stringify(String(service))}.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`Bridge: only http and https services can be relayed, got ${url.protocol}.`);
  }
  return url;
}

/** Closes the relay for a service origin (all of them without an argument); pending calls reject. */
export function closeRelay(origin?: string): void {
  const targets = origin === undefined ? [...connections.values()] : [connections.get(origin)];
  for (const connection of targets) connection?.close();
}

function relayUrlFor(origin: string, url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Bridge: the relay URL for ${origin} is not an absolute URL: ${JSON.stringify(url)}.`);
  }
  if (parsed.origin !== origin) {
    throw new TypeError(
      `Bridge: the relay for ${origin} must be served by that origin, but ${parsed.href} is on ${parsed.origin}.`,
    );
  }
  return parsed;
}

function positiveMs(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Bridge: ${name} must be a positive number of milliseconds, got ${String(value)}.`);
  }
  return value;
}
