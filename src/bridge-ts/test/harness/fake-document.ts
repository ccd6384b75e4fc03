// A stand-in for the relay page's document. The relay reads its policy through getElementById alone, and writes to
// the body only to say that it serves nobody; a document with those two is all its code can tell apart.

import { CONFIG_ELEMENT_ID } from "../../src/relay/config.js";

export interface FakeDocument {
  /** The stand-in, typed as what the code under test takes. */
  readonly document: Document;
  /** The ids looked up, in order. */
  readonly asked: readonly string[];
  /** What the body says. */
  readonly bodyText: string;
}

/** A document whose elements are these ids with these texts (a null text: an element without one). */
export function fakeDocument(elements: Readonly<Record<string, string | null>>): FakeDocument {
  const asked: string[] = [];
  const body = { textContent: "" };
  const fake: Pick<Document, "getElementById"> & { body: typeof body } = {
    getElementById(id: string) {
      asked.push(id);
      if (!Object.hasOwn(elements, id)) return null;
      // Only the id and the text are read.
      return { id, textContent: elements[id] ?? null } as unknown as HTMLElement;
    },
    body,
  };
  return {
    document: fake as unknown as Document,
    asked,
    get bodyText() {
      return body.textContent;
    },
  };
}

/** A relay page whose data block holds this text; null: a page without a data block. */
export function relayDocument(configText: string | null): FakeDocument {
  return fakeDocument(configText === null ? {} : { [CONFIG_ELEMENT_ID]: configText });
}
