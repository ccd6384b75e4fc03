// The relay's policy, written into the relay page by the host from the same options that produce its
// Content-Security-Policy, as a JSON data block (never executed).

export const CONFIG_ELEMENT_ID = "bridge-relay-config";

export interface RelayConfig {
  readonly allowedOrigins: ReadonlySet<string>;
}

export function readConfig(doc: Document): RelayConfig | null {
  const element = doc.getElementById(CONFIG_ELEMENT_ID);
  if (element === null || element.textContent === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(element.textContent);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const origins: unknown = (parsed as { allowedOrigins?: unknown }).allowedOrigins;
  if (!Array.isArray(origins) || !origins.every((origin) => typeof origin === "string")) return null;
  return { allowedOrigins: new Set(origins as string[]) };
}
