// The relay's policy, written into the relay page by the host from the same options that produce its
// Content-Security-Policy and drive the host's own checks, as a JSON data block (never executed). A page that serves
// carries exactly one page origin and its site's rules; the forwarding page (the relay URL without an origin, for
// older clients) carries no policy. The shape is documented in docs/relay-policy-contract.md.

export const CONFIG_ELEMENT_ID = "bridge-relay-config";

export interface SitePolicy {
  readonly paths: readonly string[];
  /** Upper-case methods, or null for any. */
  readonly methods: ReadonlySet<string> | null;
  /** Lower-case header names the page may set, or null for any. */
  readonly requestHeaders: ReadonlySet<string> | null;
  /** Lower-case response header names given back to the page, or null for all. */
  readonly exposedHeaders: ReadonlySet<string> | null;
  readonly allowCredentials: boolean;
  readonly maxRequestBodyBytes: number;
  readonly maxResponseBodyBytes: number;
}

/** The header rules that hold whatever a site lists, as the host defines them. */
export interface HeaderRules {
  /** The header the relay adds to name the verified parent origin (lower case): a page may never set it. */
  readonly origin: string;
  /** Names a page may never set (the Fetch standard's forbidden request headers), lower case. */
  readonly forbidden: ReadonlySet<string>;
  /** Prefixes of forbidden names ("proxy-", "sec-"), lower case. */
  readonly forbiddenPrefixes: readonly string[];
  /** Headers that services take as the request's real method, lower case. */
  readonly methodOverride: readonly string[];
}

/** A page that serves one page origin. */
export interface ServingConfig {
  readonly kind: "serving";
  /** The one page origin this relay page serves. */
  readonly origin: string;
  readonly site: SitePolicy;
  readonly headers: HeaderRules;
}

/** The relay URL without an origin: moves to the URL naming the parent's origin when the parent says hello. */
export interface ForwardingConfig {
  readonly kind: "forwarding";
}

export type RelayConfig = ServingConfig | ForwardingConfig;

/** Reads the page's policy; null when it is missing or malformed, and then the relay serves nobody. */
export function readConfig(doc: Document): RelayConfig | null {
  const element = doc.getElementById(CONFIG_ELEMENT_ID);
  if (element === null || element.textContent === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(element.textContent);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  if (parsed["forwarding"] === true && Object.keys(parsed).length === 1) return { kind: "forwarding" };
  const originHeader = parsed["originHeader"];
  const origin = parsed["origin"];
  const site = readSite(parsed["site"]);
  const headers = typeof originHeader === "string" ? readHeaderRules(originHeader, parsed["headers"]) : null;
  if (typeof origin !== "string" || origin === "null" || site === null || headers === null) return null;
  return { kind: "serving", origin, site, headers };
}

function readHeaderRules(originHeader: string, value: unknown): HeaderRules | null {
  if (!isRecord(value)) return null;
  const forbidden = strings(value["forbidden"]);
  const forbiddenPrefixes = strings(value["forbiddenPrefixes"]);
  const methodOverride = strings(value["methodOverride"]);
  if (forbidden === null || forbiddenPrefixes === null || methodOverride === null) return null;
  const lower = (names: readonly string[]): string[] => names.map((name) => name.toLowerCase());
  return {
    origin: originHeader.toLowerCase(),
    forbidden: new Set(lower(forbidden)),
    forbiddenPrefixes: lower(forbiddenPrefixes),
    methodOverride: lower(methodOverride),
  };
}

function readSite(value: unknown): SitePolicy | null {
  if (!isRecord(value)) return null;
  const paths = strings(value["paths"]);
  const methods = strings(value["methods"]);
  const requestHeaders = strings(value["requestHeaders"]);
  const exposedHeaders = strings(value["exposedHeaders"]);
  const allowCredentials = value["allowCredentials"];
  const maxRequestBodyBytes = value["maxRequestBodyBytes"];
  const maxResponseBodyBytes = value["maxResponseBodyBytes"];
  if (paths === null || methods === null || requestHeaders === null || exposedHeaders === null) {
    return null;
  }
  if (typeof allowCredentials !== "boolean" || !isSize(maxRequestBodyBytes) || !isSize(maxResponseBodyBytes)) {
    return null;
  }
  return {
    paths,
    methods: methods.includes("*") ? null : new Set(methods.map((method) => method.toUpperCase())),
    requestHeaders: requestHeaders.includes("*") ? null : new Set(requestHeaders.map((name) => name.toLowerCase())),
    exposedHeaders: exposedHeaders.includes("*") ? null : new Set(exposedHeaders.map((name) => name.toLowerCase())),
    allowCredentials,
    maxRequestBodyBytes,
    maxResponseBodyBytes,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? (value as string[]) : null;
}

function isSize(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}
