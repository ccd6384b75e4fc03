// Steps 1 and 4: this app's own server, on this page's origin (its own session cookie; no CORS).

import { describeResponse, showState, type StepLog } from "./page.js";

const jsonPost = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

function signedInUser(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const { signedIn, user } = body as { signedIn?: unknown; user?: unknown };
  return signedIn === true && typeof user === "string" ? user : null;
}

/** Step 1: shows the app's session in #app-state. */
export async function showAppStatus(): Promise<void> {
  try {
    const { body } = await describeResponse(await fetch("/app/status", { cache: "no-store" }));
    const user = signedInUser(body);
    showState("app-state", user === null ? "signed-out" : "signed-in", user === null ? "signed out of this app" : `signed in to this app as ${user}`);
  } catch (error) {
    showState("app-state", "failed", `the app's server could not be reached: ${String(error)}`);
  }
}

/** Step 4: logs in to this app with the token; the app's server redeems it over the back channel. The user, or null. */
export async function logIn(steps: StepLog, token: string): Promise<string | null> {
  const done = steps.start("POST /app/login { token }");
  try {
    const { text, body } = await describeResponse(await fetch("/app/login", jsonPost({ token })));
    done(text);
    return signedInUser(body);
  } catch (error) {
    done(String(error));
    return null;
  } finally {
    await showAppStatus();
  }
}

export async function logOut(): Promise<void> {
  await fetch("/app/logout", jsonPost({}));
  await showAppStatus();
}

export { jsonPost, signedInUser };
