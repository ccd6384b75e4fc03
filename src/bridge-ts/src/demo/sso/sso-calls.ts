// Steps 2 and 3 as calls of a fetch-shaped function: the browser's fetch (CORS), bridge.fetch, or an interactive
// connection's fetch. The answers decide the state; a call that failed is never taken for "signed out".

import { jsonPost, signedInUser } from "./app-server.js";
import { describeResponse, type StepLog } from "./page.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type SsoAnswer =
  | { readonly kind: "signed-in"; readonly user: string }
  | { readonly kind: "signed-out" }
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "failed"; readonly error: unknown };

/** Step 2: the SSO login status, with the SSO's cookie if the browser sends it. */
export async function ssoStatus(fetchLike: FetchLike, steps: StepLog, ssoOrigin: string, label: string): Promise<SsoAnswer> {
  const done = steps.start(`${label} GET ${ssoOrigin}/sso/status (credentials: "include")`);
  try {
    const { text, body } = await describeResponse(await fetchLike(`${ssoOrigin}/sso/status`, { credentials: "include", cache: "no-store" }));
    done(text);
    const user = signedInUser(body);
    return user === null ? { kind: "signed-out" } : { kind: "signed-in", user };
  } catch (error) {
    done(errorText(error));
    return { kind: "failed", error };
  }
}

/** Step 3: an authentication token for this app, minted by the SSO for the signed-in user. */
export async function ssoToken(fetchLike: FetchLike, steps: StepLog, ssoOrigin: string, label: string): Promise<SsoAnswer> {
  const done = steps.start(`${label} POST ${ssoOrigin}/sso/token { request: "authentication token" }`);
  try {
    const response = await fetchLike(`${ssoOrigin}/sso/token`, { ...jsonPost({ request: "authentication token" }), credentials: "include" });
    const { text, body } = await describeResponse(response);
    // The token is shown shortened: enough to see one came, not a usable copy on the screen.
    const token = typeof body === "object" && body !== null ? (body as { token?: unknown }).token : undefined;
    if (typeof token === "string" && token.length > 0) {
      done(text.replace(token, `${token.slice(0, 6)}…`));
      return { kind: "token", token };
    }
    done(text);
    return response.status === 401 ? { kind: "signed-out" } : { kind: "failed", error: new Error(text) };
  } catch (error) {
    done(errorText(error));
    return { kind: "failed", error };
  }
}

/** An error as text: a Bridge error with its code and its explanation (cause and fix). */
export function errorText(error: unknown): string {
  const bridge = (globalThis as { bridge?: { isBridgeError(value: unknown): boolean; describe(value: unknown): string } }).bridge;
  if (bridge?.isBridgeError(error)) return `${(error as { code?: string }).code ?? "bridge error"}: ${bridge.describe(error)}`;
  return String(error);
}

/** The Bridge error code of <paramref name="error"/>, or null. */
export function bridgeErrorCode(error: unknown): string | null {
  const bridge = (globalThis as { bridge?: { isBridgeError(value: unknown): boolean } }).bridge;
  return bridge?.isBridgeError(error) ? ((error as { code?: string }).code ?? null) : null;
}
