// What the relay's tests share: the data block as the host writes it, the site policy and header rules as readConfig
// makes them, request messages as readClientMessage reads them, and the conformance file both languages run.

import { readFileSync } from "node:fs";

import { PROTOCOL_VERSION, type HeaderList, type RequestMessage } from "../../src/protocol/messages.js";
import type { HeaderRules, SitePolicy } from "../../src/relay/config.js";

/** A case's site as the data block carries it, before the fields every case shares. */
export interface ConformanceSite {
  readonly paths: readonly string[];
  readonly methods: readonly string[];
  readonly requestHeaders: readonly string[];
}

export interface ConformanceCase {
  readonly name: string;
  readonly site: ConformanceSite;
  readonly request: { readonly method: string; readonly path: string; readonly headers: HeaderList };
  /** "allowed", or the code of the relay's refusal. */
  readonly relay: string;
}

/** The header rules as the host writes them into every relay page, before readConfig lower-cases them. */
export interface HeaderRulesBlock {
  readonly forbidden: readonly string[];
  readonly forbiddenPrefixes: readonly string[];
  readonly methodOverride: readonly string[];
}

export interface ConformanceFile {
  readonly headerRules: HeaderRulesBlock;
  readonly cases: readonly ConformanceCase[];
}

/** tests/conformance/relay-policy.json, found from this module's compiled place, src/bridge-ts/obj-ts/tests/relay. */
export const conformance = JSON.parse(
  readFileSync(new URL("../../../../../tests/conformance/relay-policy.json", import.meta.url), "utf8"),
) as ConformanceFile;

export const SERVICE_ORIGIN = "https://api.example.com";
export const PAGE_ORIGIN = "https://app.example.com";
export const ORIGIN_HEADER = "bridge-relay-origin";

/** The header rules every relay page carries, as readConfig makes them from the host's lists. */
export const HEADER_RULES: HeaderRules = {
  origin: ORIGIN_HEADER,
  forbidden: new Set(conformance.headerRules.forbidden),
  forbiddenPrefixes: conformance.headerRules.forbiddenPrefixes,
  methodOverride: conformance.headerRules.methodOverride,
};

/** A normalized site policy, as readConfig makes it. */
export function sitePolicy(overrides: Partial<SitePolicy> = {}): SitePolicy {
  return {
    paths: ["/api/**"],
    methods: new Set(["GET", "HEAD", "POST"]),
    requestHeaders: new Set(["content-type", "x-request-id"]),
    exposedHeaders: new Set(["etag", "content-type"]),
    allowCredentials: false,
    maxRequestBodyBytes: 16,
    maxResponseBodyBytes: 1024,
    ...overrides,
  };
}

/** A request message, as readClientMessage reads it. */
export function requestMessage(overrides: Partial<RequestMessage> = {}): RequestMessage {
  return {
    ns: "bridge",
    v: PROTOCOL_VERSION,
    type: "request",
    id: "id-1",
    method: "GET",
    url: `${SERVICE_ORIGIN}/api/orders`,
    headers: [],
    body: null,
    credentials: "omit",
    redirect: "follow",
    cache: "default",
    integrity: "",
    referrerPolicy: "",
    keepalive: false,
    ...overrides,
  };
}

/** A JSON object of the data block, where tests put fields of any type, or undefined to leave one out. */
export type Block = Record<string, unknown>;

/** A site as the host writes it into the data block. */
export function siteBlock(overrides: Block = {}): Block {
  return {
    paths: ["/api/**", "/health"],
    methods: ["GET", "head", "Post"],
    requestHeaders: ["Content-Type", "x-request-id"],
    exposedHeaders: ["ETag", "x-total-count"],
    allowCredentials: false,
    maxRequestBodyBytes: 1048576,
    maxResponseBodyBytes: 16777216,
    ...overrides,
  };
}

export function headerRulesBlock(overrides: Block = {}): Block {
  return {
    forbidden: ["Cookie", "host"],
    forbiddenPrefixes: ["Sec-", "proxy-"],
    methodOverride: ["X-HTTP-Method-Override"],
    ...overrides,
  };
}

/** The data block of a relay page that serves PAGE_ORIGIN. */
export function servingBlock(overrides: Block = {}): Block {
  return {
    originHeader: "Bridge-Relay-Origin",
    origin: PAGE_ORIGIN,
    site: siteBlock(),
    headers: headerRulesBlock(),
    ...overrides,
  };
}
