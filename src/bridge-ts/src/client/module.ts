// Entry of the ES module build (bridge.mjs). The relay of the origin that served this module is the one next to it.

import { configure } from "./relays.js";

export * from "./index.js";

const source = new URL(import.meta.url);
if (source.protocol === "https:" || source.protocol === "http:") {
  configure({ relays: { [source.origin]: new URL("relay.html", source).href } });
}
