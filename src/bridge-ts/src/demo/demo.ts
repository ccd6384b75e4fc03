// The demo site's page: the same call to the service made with the browser's fetch (blocked by the same-origin
// policy) and with bridge.fetch (answered through the relay), side by side. Results are written as text only.

import type * as Bridge from "../client/index.js";

declare global {
  interface Window {
    bridge?: typeof Bridge;
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
      (error: unknown) => show("bridged-result", "failed", String(error)),
    );

  await Promise.all([plain, bridged]);
}

void main();
