// Unit tests for the popup transport (client/connection/popup-transport): a blocked popup, a popup the user closes,
// the hello posted again until the relay answers, and only the popup's own messages from the relay's origin heard.

import { describe, it, type TestContext } from "node:test";
import assert from "node:assert/strict";

import { ErrorCode, HELLO_VERSION, SUPPORTED_VERSIONS, envelope, type HelloMessage } from "../../../src/protocol/messages.js";
import { openPopup } from "../../../src/client/connection/popup-transport.js";
import type { TransportEvents } from "../../../src/client/connection/transport.js";
import { FakeWindow, replaceGlobals } from "../../harness/fake-window.js";
import { Queue, WAITS } from "../../harness/queue.js";

const PAGE = "https://shop.example/cart";
const RELAY = new URL("https://sso.example.com/bridge/relay.html");

/** The popup as window.open returns it: what was posted to it, and whether it is closed. */
class FakePopup extends FakeWindow {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

type Heard = { readonly kind: "loaded" } | { readonly kind: "message"; readonly data: unknown } | { readonly kind: "lost"; readonly detail: string; readonly code: ErrorCode | undefined };

function openIn(t: TestContext, popup: FakePopup | null): { readonly page: FakeWindow; readonly heard: Queue<Heard>; readonly opened: string[]; readonly transport: ReturnType<typeof openPopup> } {
  const page = new FakeWindow(PAGE);
  const opened: string[] = [];
  Reflect.set(page, "open", (url: string) => (opened.push(url), popup));
  const restore = replaceGlobals({ window: page, location: page.location });
  const heard = new Queue<Heard>();
  const events: TransportEvents = {
    loaded: () => heard.push({ kind: "loaded" }),
    message: (event) => heard.push({ kind: "message", data: event.data }),
    lost: (detail, code) => heard.push({ kind: "lost", detail, code }),
  };
  const transport = openPopup(RELAY, events);
  t.after(() => {
    transport.close();
    restore();
  });
  return { page, heard, opened, transport };
}

const hello: HelloMessage = { ...envelope("hello"), v: HELLO_VERSION, versions: SUPPORTED_VERSIONS, streams: true };

describe("popup transport", () => {
  it("opens the relay URL naming the page's origin, synchronously", WAITS, async (t) => {
    const { opened, heard } = openIn(t, new FakePopup(`${RELAY.href}?origin=x`));
    assert.deepEqual(opened, [`${RELAY.href}?origin=${encodeURIComponent("https://shop.example")}`]);
    assert.deepEqual(await heard.next(), { kind: "loaded" });
  });

  it("reports popup-blocked when window.open gives null", WAITS, async (t) => {
    const { heard } = openIn(t, null);
    assert.deepEqual(await heard.next(), { kind: "lost", detail: "the browser blocked it", code: ErrorCode.PopupBlocked });
  });

  it("posts the hello to the relay's exact origin again until the relay answers, then stops", WAITS, async (t) => {
    const popup = new FakePopup(RELAY.href);
    const { transport, heard } = openIn(t, popup);
    await heard.next();
    transport.greet(hello);
    const first = await popup.nextPost();
    const again = await popup.nextPost();
    assert.equal(first.targetOrigin, RELAY.origin);
    assert.equal(again.targetOrigin, RELAY.origin, "greeted again: about:blank may have dropped the first");
    assert.deepEqual(again.data, hello);
    transport.established();
    popup.takePosts();
    transport.check();
    assert.deepEqual(popup.takePosts(), []);
  });

  it("hears only the popup, from the relay's origin", WAITS, async (t) => {
    const popup = new FakePopup(RELAY.href);
    const { page, heard } = openIn(t, popup);
    await heard.next();
    page.receive("from another window", { origin: RELAY.origin, source: new FakeWindow(RELAY.href) });
    page.receive("from another origin", { origin: "https://evil.example", source: popup });
    page.receive("the relay", { origin: RELAY.origin, source: popup });
    assert.deepEqual(await heard.next(), { kind: "message", data: "the relay" });
  });

  it("reports popup-closed when the user closes the popup", WAITS, async (t) => {
    const popup = new FakePopup(RELAY.href);
    const { heard } = openIn(t, popup);
    await heard.next();
    popup.closed = true;
    assert.deepEqual(await heard.next(), { kind: "lost", detail: "the user closed it", code: ErrorCode.PopupClosed });
  });

  it("reports popup-closed when the relay's document says it is going away (the user closing the popup)", WAITS, async (t) => {
    const popup = new FakePopup(RELAY.href);
    const { transport, heard } = openIn(t, popup);
    await heard.next();
    transport.departed();
    assert.deepEqual(await heard.next(), { kind: "lost", detail: "the user closed it", code: ErrorCode.PopupClosed });
  });

  it("closes the popup when the connection closes", WAITS, async (t) => {
    const popup = new FakePopup(RELAY.href);
    const { transport } = openIn(t, popup);
    transport.close();
    assert.equal(popup.closed, true);
  });
});
