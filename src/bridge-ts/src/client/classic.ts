// Entry of the classic script build (bridge.js): bundled as a global `bridge`. The relay of the origin that
// served this script is the one next to it, whatever path the service mapped it at, and it opens as the script loads
// (open-on-load.ts).

import { openOnLoad } from "./open-on-load.js";
import { configure } from "./relays.js";

export * from "./index.js";

const script = document.currentScript;
if (script instanceof HTMLScriptElement && script.src !== "") {
  const source = new URL(script.src);
  configure({ relays: { [source.origin]: new URL("relay.html", source).href } });
  openOnLoad(source, script.dataset["preconnect"]);
}
