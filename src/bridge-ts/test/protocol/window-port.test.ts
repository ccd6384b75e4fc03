// Unit tests for protocol/window-port: a window as a port (what it hears and where it posts) and the guess at whether
// a relay and its page are one site, which decides whether a session goes over the windows.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { sameSite, windowPort } from "../../src/protocol/window-port.js";
import { FakeWindow, replaceGlobals } from "../harness/fake-window.js";

const RELAY = "https://api.example.com";
const PAGE = "https://app.example.com";

describe("windowPort", () => {
  it("hears only the peer window itself from the peer's origin, once started and until closed", (t) => {
    const self = new FakeWindow(`${PAGE}/shop`);
    const peer = new FakeWindow(`${RELAY}/relay`, self);
    const sameOrigin = new FakeWindow(`${RELAY}/other`, self);
    t.after(replaceGlobals({ window: self }));
    const heard: unknown[] = [];
    const port = windowPort<string>(() => peer as unknown as Window, RELAY);
    port.addEventListener("message", (event) => heard.push(event.data));

    self.receive("before start", { origin: RELAY, source: peer });
    port.start();
    self.receive("from the peer", { origin: RELAY, source: peer });
    self.receive("from another window of the origin", { origin: RELAY, source: sameOrigin });
    self.receive("from the peer on another origin", { origin: PAGE, source: peer });
    port.close();
    self.receive("after close", { origin: RELAY, source: peer });

    assert.deepEqual(heard, ["from the peer"]);
  });

  it("posts to the peer at the peer's origin, transferring what it is given, and not once the peer is gone", () => {
    const peer = new FakeWindow(`${RELAY}/relay`);
    let current: FakeWindow | null = peer;
    const port = windowPort<{ data: ArrayBuffer }>(() => current as unknown as Window | null, RELAY);
    const data = new ArrayBuffer(8);

    port.postMessage({ data }, [data]);
    current = null;
    port.postMessage({ data: new ArrayBuffer(1) });

    const posts = peer.takePosts();
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.targetOrigin, RELAY);
    assert.equal(data.byteLength, 0, "transferred, not copied");
  });
});

describe("sameSite", () => {
  for (const [relay, page, expected] of [
    ["https://api.example.com/bridge/relay.html", "https://app.example.com/", true],
    ["https://example.com/bridge/relay.html", "https://www.example.com/shop", true],
    ["http://localhost:5081/bridge/relay.html", "http://localhost:5082/", true],
    ["http://sso.example.localhost/", "http://foo.example.localhost/", true],
    ["http://127.0.0.1:5081/", "http://127.0.0.1:5082/", true],
    ["http://localhost:5081/", "http://127.0.0.1:5082/", false],
    ["http://10.0.0.1/", "http://192.168.0.1/", false],
    ["http://sso.example.localhost/", "http://other.localhost/", false],
    ["https://api.example.com/", "http://app.example.com/", false],
    ["https://api.example.com/", "https://shop.example.org/", false],
    ["http://[::1]:5081/", "http://[::1]:5082/", true],
    ["http://[::1]:5081/", "http://localhost:5082/", false],
  ] as const) {
    it(`${relay} framed by ${page}: ${expected ? "one site" : "two sites"}`, () => {
      assert.equal(sameSite(relay, page), expected);
    });
  }
});
