// The relay's checks, made before any request leaves it: whether a request fits the site policy of the page origin
// the relay page serves (the host chose that policy for the origin). The host applies it again to every relayed
// request.

import { ErrorCode, type RequestMessage } from "../protocol/messages.js";
import type { HeaderRules, SitePolicy } from "./config.js";

export interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * The path's segments, percent-decoded; null for a path that could reach outside a pattern by a trick: a segment
 * that decodes to "." or "..", contains "/" or "\", or is not valid UTF-8.
 */
export function pathSegments(pathname: string): string[] | null {
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === "." || segment === ".." || segment.includes("/") || segment.includes("\\")) return null;
    segments.push(segment);
  }
  return segments;
}

/** Patterns: "*" is one non-empty segment, a final "**" any number of segments, anything else itself (case-sensitive). */
export function pathAllowed(patterns: readonly string[], pathname: string): boolean {
  if (!pathname.startsWith("/")) return false;
  const segments = pathSegments(pathname);
  if (segments === null) return false;
  return patterns.some((pattern) => patternMatches(pattern.slice(1).split("/"), segments));
}

function patternMatches(pattern: readonly string[], segments: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i];
    if (part === "**" && i === pattern.length - 1) return true;
    const segment = segments[i];
    if (segment === undefined) return false;
    if (part === "*" ? segment === "" : part !== segment) return false;
  }
  return pattern.length === segments.length;
}

/** The first rule of the policy the request breaks, or null. */
export function checkRequest(policy: SitePolicy, rules: HeaderRules, request: RequestMessage, url: URL): Refusal | null {
  if (!pathAllowed(policy.paths, url.pathname)) {
    return { code: ErrorCode.PathNotAllowed, message: `the service does not allow the path ${url.pathname}` };
  }
  // Methods are case-sensitive (fetch upper-cases only the standard six), as the host compares them.
  if (policy.methods !== null && !policy.methods.has(request.method)) {
    return { code: ErrorCode.MethodNotAllowed, message: `the service does not allow the method ${request.method}` };
  }
  for (const [name] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === rules.origin || isForbidden(rules, lower) || (policy.requestHeaders !== null && !policy.requestHeaders.has(lower))) {
      return { code: ErrorCode.HeaderNotAllowed, message: `the service does not allow the request header ${lower}` };
    }
  }
  const overridden = checkMethodOverride(policy, rules, request);
  if (overridden !== null) return overridden;
  if (request.credentials === "include" && !policy.allowCredentials) {
    return {
      code: ErrorCode.CredentialsNotAllowed,
      message: "the service does not allow its cookies to be sent for this site (credentials: \"include\")",
    };
  }
  if (request.body !== null && request.body.byteLength > policy.maxRequestBodyBytes) {
    return {
      code: ErrorCode.TooLarge,
      message: `the request body has ${request.body.byteLength} bytes; the service takes at most ${policy.maxRequestBodyBytes}`,
    };
  }
  return null;
}

const HTTP_WHITESPACE_AT_ENDS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * A method-override header may name only a method the policy allows: a service honouring it runs that method, so a
 * POST carrying "X-HTTP-Method-Override: DELETE" is a DELETE. The value is compared as the service will see it
 * (repeated headers combined with ", ", each trimmed), exactly, as methods are.
 */
function checkMethodOverride(policy: SitePolicy, rules: HeaderRules, request: RequestMessage): Refusal | null {
  if (policy.methods === null) return null;
  for (const header of rules.methodOverride) {
    const values = request.headers.filter(([name]) => name.toLowerCase() === header).map(([, value]) => value.replace(HTTP_WHITESPACE_AT_ENDS, ""));
    if (values.length === 0) continue;
    const method = values.join(", ");
    if (!policy.methods.has(method)) {
      return {
        code: ErrorCode.MethodNotAllowed,
        message:
          `the service does not allow the method ${JSON.stringify(method)}, which the request header ${header} asks it to run ` +
          `in place of ${request.method}; send an allowed method without ${header}`,
      };
    }
  }
  return null;
}

/** A header no page may set, whatever a policy lists: the Fetch standard's forbidden request headers. */
function isForbidden(rules: HeaderRules, name: string): boolean {
  return rules.forbidden.has(name) || rules.forbiddenPrefixes.some((prefix) => name.startsWith(prefix));
}

/** The response headers the policy gives back to the page. */
export function exposedHeaders(policy: SitePolicy, headers: Headers): Array<[string, string]> {
  const exposed: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    if (policy.exposedHeaders === null || policy.exposedHeaders.has(name)) exposed.push([name, value]);
  }
  return exposed;
}
