// The seed's way: the browser's fetch with credentials "include" under the SSO's CORS policy. Under another site the
// browser withholds the SSO's cookie and the SSO answers "signed out": labelled as the known failure it is.

import { logIn } from "./app-server.js";
import { element, showState, StepLog } from "./page.js";
import { ssoStatus, ssoToken } from "./sso-calls.js";

export async function runCorsWay(ssoOrigin: string, crossSite: boolean): Promise<void> {
  const steps = new StepLog("cors-steps");
  const section = element("cors-way");
  const finish = (outcome: string): void => {
    section.dataset["outcome"] = outcome;
  };
  steps.clear();
  element("cors-note").hidden = true;
  finish("pending");
  showState("cors-state", "pending", "asking the SSO…");
  const corsFetch = (input: string, init: RequestInit): Promise<Response> => fetch(input, init);

  const status = await ssoStatus(corsFetch, steps, ssoOrigin, "fetch");
  if (status.kind === "signed-out") {
    showSignedOut(crossSite);
    finish("sso-signed-out");
    return;
  }
  if (status.kind !== "signed-in") {
    showState("cors-state", "failed", "the SSO could not be asked (see the step)");
    finish("failed");
    return;
  }
  const token = await ssoToken(corsFetch, steps, ssoOrigin, "fetch");
  if (token.kind !== "token") {
    showState("cors-state", token.kind === "signed-out" ? "signed-out" : "failed", "no token (see the step)");
    finish("failed");
    return;
  }
  const user = await logIn(steps, token.token);
  showState("cors-state", user === null ? "failed" : "signed-in", user === null ? "the app refused the token" : `signed in to the SSO and this app as ${user}`);
  finish(user === null ? "failed" : "app-signed-in");
}

function showSignedOut(crossSite: boolean): void {
  if (crossSite) {
    showState("cors-state", "signed-out", "signed out, says the SSO: the known failure of the seed's approach under another site");
    element("cors-note").hidden = false;
  } else {
    showState("cors-state", "signed-out", "signed out of the SSO: sign in there (step 5)");
  }
}
