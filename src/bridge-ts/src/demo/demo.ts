// The demo site's page: the same greeting asked of the service every way there is: the browser's fetch (blocked by
// the same-origin policy), bridge.fetch (through the relay), CORS, JSONP and the site's own proxy, side by side.
// Results are written as text only.

import type * as Bridge from "../client/index.js";

declare global {
  interface Window {
    bridge?: typeof Bridge;
    bridgeDemoJsonp?: (data: unknown) => void;
  }
}

interface DemoConfig {
  readonly serviceOrigin: string;
}

function show(id: string, state: "ok" | "blocked" | "failed", text: string): void {
  const element = document.getElementById(id);
  if (element === null) return;
  element.dataset["state"] = state;
  element.textContent = text;
}

function loadBridge(serviceOrigin: string): Promise<typeof Bridge> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL("/bridge/bridge.js", serviceOrigin).href;
    script.addEventListener("load", () => (window.bridge ? resolve(window.bridge) : reject(new Error("no bridge"))));
    script.addEventListener("error", () => reject(new Error(`could not load ${script.src}`)));
    document.head.appendChild(script);
  });
}

function jsonp(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    window.bridgeDemoJsonp = resolve;
    script.src = `${url}?callback=bridgeDemoJsonp`;
    script.addEventListener("error", () => reject(new Error(`could not load ${script.src}`)));
    document.head.appendChild(script);
  });
}

async function describeResponse(response: Response): Promise<string> {
  return `${response.status} ${response.statusText}\n${await response.text()}`;
}

async function main(): Promise<void> {
  const config = (await (await fetch("/demo/config.json")).json()) as DemoConfig;
  const apiUrl = new URL("/api/hello", config.serviceOrigin).href;
  for (const id of ["site-origin", "service-origin", "api-url"]) {
    const element = document.getElementById(id);
    if (element !== null) element.textContent = { "site-origin": location.origin, "service-origin": config.serviceOrigin, "api-url": apiUrl }[id] ?? "";
  }

  const plain = fetch(apiUrl).then(
    async (response) => show("plain-result", "failed", `Unexpected: the browser let the page read it.\n${await describeResponse(response)}`),
    (error: unknown) => show("plain-result", "blocked", `Blocked by the browser: ${String(error)}\n(the console names the missing CORS header)`),
  );

  const bridged = loadBridge(config.serviceOrigin)
    .then((bridge) => bridge.fetch(apiUrl))
    .then(
      async (response) => show("bridged-result", "ok", await describeResponse(response)),
      // A network failure's message is the engine's own, as fetch's is; the bridge's explanation names the fix.
      (error: unknown) => show("bridged-result", "failed", window.bridge?.isBridgeError(error) ? window.bridge.describe(error) : String(error)),
    );

  const cors = fetch(new URL("/cors/api/hello", config.serviceOrigin)).then(
    async (response) => show("cors-result", response.ok ? "ok" : "failed", await describeResponse(response)),
    (error: unknown) => show("cors-result", "failed", String(error)),
  );

  const script = jsonp(new URL("/jsonp/hello", config.serviceOrigin).href).then(
    (data) => show("jsonp-result", "ok", `called back with\n${JSON.stringify(data)}`),
    (error: unknown) => show("jsonp-result", "failed", String(error)),
  );

  const proxied = fetch("/proxy/hello").then(
    async (response) => show("proxy-result", response.ok ? "ok" : "failed", await describeResponse(response)),
    (error: unknown) => show("proxy-result", "failed", String(error)),
  );

  await Promise.all([plain, bridged, cors, script, proxied]);
}

void main();
