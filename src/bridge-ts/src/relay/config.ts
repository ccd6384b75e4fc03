// The relay's policy, written into the relay page by the host from the same options that produce its
// Content-Security-Policy and drive the host's own checks, as a JSON data block (never executed). The shape is
// documented in docs/relay-policy-contract.md.

export const CONFIG_ELEMENT_ID = "bridge-relay-config";

export interface SitePolicy {
  readonly origins: readonly string[];
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

export interface RelayConfig {
  /** The header the relay adds to name the verified parent origin. */
  readonly originHeader: string;
  readonly sites: readonly SitePolicy[];
}

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
  if (!isRecord(parsed) || typeof parsed["originHeader"] !== "string" || !Array.isArray(parsed["sites"])) return null;
  const sites: SitePolicy[] = [];
  for (const site of parsed["sites"] as unknown[]) {
    const policy = readSite(site);
    if (policy === null) return null;
    sites.push(policy);
  }
  return { originHeader: parsed["originHeader"].toLowerCase(), sites };
}

function readSite(value: unknown): SitePolicy | null {
  if (!isRecord(value)) return null;
  const origins = strings(value["origins"]);
  const paths = strings(value["paths"]);
  const methods = strings(value["methods"]);
  const requestHeaders = strings(value["requestHeaders"]);
  const exposedHeaders = strings(value["exposedHeaders"]);
  const allowCredentials = value["allowCredentials"];
  const maxRequestBodyBytes = value["maxRequestBodyBytes"];
  const maxResponseBodyBytes = value["maxResponseBodyBytes"];
  if (origins === null || paths === null || methods === null || requestHeaders === null || exposedHeaders === null) {
    return null;
  }
  if (typeof allowCredentials !== "boolean" || !isSize(maxRequestBodyBytes) || !isSize(maxResponseBodyBytes)) {
    return null;
  }
  return {
    origins,
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
