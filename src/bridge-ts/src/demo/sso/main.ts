// The SSO demo apps' page: the seed's flow run two ways side by side (CORS and bridge.fetch), each step with its
// request and result, the app's own session, and the SSO's sign-in and logout.

import { sameSite } from "../../protocol/window-port.js";
import { jsonPost, logOut, showAppStatus } from "./app-server.js";
import { continueWithService, runBridgeWay } from "./bridge-way.js";
import { runCorsWay } from "./cors-way.js";
import { element } from "./page.js";
import { errorText } from "./sso-calls.js";

function main(): void {
  const ssoOrigin = new URL(element("sso-origin").textContent ?? "").origin;
  // The relay's guess at one site (its last two labels), right for this demo's names: it only labels what browsers do.
  const crossSite = !sameSite(ssoOrigin, location.href);
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
