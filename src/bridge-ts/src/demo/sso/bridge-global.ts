// The global `bridge` (bridge.js, loaded from the SSO's origin) as this page uses it, with the interactive connection
// (`bridge.connect(service, { interactive: true })`): its calls go through a first-party popup on the service origin.

export interface InteractiveConnection {
  readonly ready: Promise<unknown>;
  fetch(input: string, init?: RequestInit): Promise<Response>;
  close(): void;
}

export interface PageBridge {
  fetch(input: string, init?: RequestInit): Promise<Response>;
  connect?(service: string, options: { readonly interactive: true }): InteractiveConnection;
}

export function pageBridge(): PageBridge {
  const bridge = (globalThis as { bridge?: PageBridge }).bridge;
  if (bridge === undefined) throw new Error("bridge.js did not load from the SSO's origin: is the SSO service running?");
  return bridge;
}
