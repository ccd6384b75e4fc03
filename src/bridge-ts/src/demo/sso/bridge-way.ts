// bridge.fetch with credentials "include" through the SSO's relay. Three states: signed in, signed out, and unknown
// when the relay's frame cannot see the SSO's cookies (another site): never "signed out" for a cookie it cannot see.
// The recovery is one click: an interactive connection, a first-party popup on the SSO's origin, makes the token call.

import { logIn } from "./app-server.js";
import { pageBridge, type InteractiveConnection } from "./bridge-global.js";
import { element, showState, StepLog } from "./page.js";
import { bridgeErrorCode, errorText, ssoStatus, ssoToken, type FetchLike } from "./sso-calls.js";

const steps = (): StepLog => new StepLog("bridge-steps");

/** The relay's frame cannot see the SSO's cookies (not yet granted, or denied): the truth is unknown, not "signed out". */
const cookiesInvisible = (code: string | null): boolean => code === "storage-access-required" || code === "storage-access-denied";

function finish(outcome: string): void {
  element("bridge-way").dataset["outcome"] = outcome;
}

export async function runBridgeWay(ssoOrigin: string): Promise<void> {
  const log = steps();
  log.clear();
  element("bridge-continue").hidden = true;
  finish("pending");
  showState("bridge-state", "pending", "asking the SSO through its relay…");
  const bridgeFetch: FetchLike = (input, init) => pageBridge().fetch(input, init);

  const status = await ssoStatus(bridgeFetch, log, ssoOrigin, "bridge.fetch");
  if (status.kind === "failed" && cookiesInvisible(bridgeErrorCode(status.error))) {
    showState("bridge-state", "unknown", `unknown: click to check with ${new URL(ssoOrigin).host}`);
    element("bridge-continue").hidden = false;
    finish("sso-unknown");
    return;
  }
  if (status.kind === "signed-out") {
    showState("bridge-state", "signed-out", "signed out of the SSO: sign in there (step 5)");
    finish("sso-signed-out");
    return;
  }
  if (status.kind !== "signed-in") {
    showState("bridge-state", "failed", "the SSO could not be asked (see the step)");
    finish("failed");
    return;
  }
  await tokenAndLogIn(bridgeFetch, log, ssoOrigin, "bridge.fetch");
}

/**
 * The click handler of "Check with <service>": opens the interactive connection synchronously, before any await, so
 * the popup opens within the click's user activation; then the token call goes through it.
 */
export function continueWithService(ssoOrigin: string): void {
  const log = steps();
  let connection: InteractiveConnection;
  try {
    const connect = pageBridge().connect;
    if (connect === undefined) throw new Error("This bridge.js has no bridge.connect: update it.");
    connection = connect(ssoOrigin, { interactive: true });
  } catch (error) {
    const done = log.start(`bridge.connect("${ssoOrigin}", { interactive: true })`);
    done(errorText(error));
    showState("bridge-state", "failed", "the popup could not be opened (see the step)");
    finish("failed");
    return;
  }
  element("bridge-continue").hidden = true;
  showState("bridge-state", "pending", `checking with ${new URL(ssoOrigin).host} in a popup…`);
  void tokenAndLogIn((input, init) => connection.fetch(input, init), log, ssoOrigin, "popup fetch").finally(() => connection.close());
}

async function tokenAndLogIn(fetchLike: FetchLike, log: StepLog, ssoOrigin: string, label: string): Promise<void> {
  const token = await ssoToken(fetchLike, log, ssoOrigin, label);
  if (token.kind === "signed-out") {
    showState("bridge-state", "signed-out", "signed out of the SSO: sign in there (step 5)");
    finish("sso-signed-out");
    return;
  }
  if (token.kind !== "token") {
    showState("bridge-state", "failed", "no token (see the step)");
    finish("failed");
    return;
  }
  const user = await logIn(log, token.token);
  showState("bridge-state", user === null ? "failed" : "signed-in", user === null ? "the app refused the token" : `signed in to the SSO and this app as ${user}`);
  finish(user === null ? "failed" : "app-signed-in");
}
