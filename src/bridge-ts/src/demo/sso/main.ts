// The SSO demo apps' page: the seed's flow run two ways side by side (CORS and bridge.fetch), each step with its
// request and result, the app's own session, and the SSO's sign-in and logout.

import { jsonPost, logOut, showAppStatus } from "./app-server.js";
import { continueWithService, runBridgeWay } from "./bridge-way.js";
import { runCorsWay } from "./cors-way.js";
import { element } from "./page.js";
import { errorText } from "./sso-calls.js";

/**
 * The site of a host name as this demo's names have it: its last two labels (example.localhost, other.localhost).
 * Not the public suffix list: only to label what the browser does, never to decide anything.
 */
const siteOf = (host: string): string => host.split(".").slice(-2).join(".");

function main(): void {
  const ssoOrigin = new URL(element("sso-origin").textContent ?? "").origin;
  const crossSite = siteOf(new URL(ssoOrigin).hostname) !== siteOf(location.hostname);
  element("site-relation").textContent = crossSite
    ? "another site than the SSO's, so the browser withholds the SSO's cookies from this page's calls to it."
    : "the same site as the SSO's, so the browser sends the SSO's cookies with this page's calls to it.";
  element("bridge-continue-service").textContent = new URL(ssoOrigin).host;

  element("cors-run").addEventListener("click", () => void runCorsWay(ssoOrigin, crossSite));
  element("bridge-run").addEventListener("click", () => void runBridgeWay(ssoOrigin));
  element("bridge-continue").addEventListener("click", () => continueWithService(ssoOrigin));
  element("app-logout").addEventListener("click", () => void logOut());
  element("sso-logout").addEventListener("click", () => void logOutOfSso(ssoOrigin));

  void showAppStatus().then(() => Promise.all([runCorsWay(ssoOrigin, crossSite), runBridgeWay(ssoOrigin)]));
}

async function logOutOfSso(ssoOrigin: string): Promise<void> {
  const result = element("sso-logout-result");
  try {
    const response = await fetch(`${ssoOrigin}/sso/logout`, { ...jsonPost({}), credentials: "include" });
    result.textContent = `POST ${ssoOrigin}/sso/logout\n${response.status} ${response.statusText}\n${await response.text()}`;
  } catch (error) {
    result.textContent = errorText(error);
  }
}

main();
