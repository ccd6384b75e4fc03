// The SSO panel's elements, written as text only: nothing from a response becomes markup.

export type SsoState = "pending" | "signed-in" | "signed-out" | "unknown" | "failed";

export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The SSO panel has no #${id}.`);
  return found as T;
}

/** Sets a state line: its text, and its data-state for the style sheet and the tests. */
export function showState(id: string, state: SsoState, text: string): void {
  const line = element(id);
  line.dataset["state"] = state;
  line.textContent = text;
}

/** A list of steps, each a request and what came back. */
export class StepLog {
  private readonly list: HTMLElement;

  constructor(id: string) {
    this.list = element(id);
  }

  clear(): void {
    this.list.replaceChildren();
  }

  /** Adds a step showing the request; returns the function that fills in its result when it settles. */
  start(request: string): (result: string) => void {
    const item = document.createElement("li");
    const label = document.createElement("code");
    label.textContent = request;
    const result = document.createElement("pre");
    result.textContent = "…";
    item.append(label, result);
    this.list.append(item);
    return (text) => {
      result.textContent = text;
    };
  }
}

/** A response as the panel shows it: the status line, then the body. */
export async function describeResponse(response: Response): Promise<{ readonly text: string; readonly body: unknown }> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: shown as it came.
  }
  return { text: `${response.status} ${response.statusText}\n${text}`, body };
}
