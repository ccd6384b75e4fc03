// The size budget of the core client: what a site pays for bridge.fetch. The ES module entry (client/module, the
// npm package's "." export) is bundled and minified with esbuild as a site's bundler would, then gzipped. The
// budget only goes down: lower it when the client shrinks. Optional features that come later (a transparent
// XMLHttpRequest mode, say) get entry points of their own and are not counted here.
// Bundles client/module as `dotnet build` compiled it (src/bridge-ts/obj-ts/src), as dist/bridge.mjs is bundled.

import { it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * 8 KiB. 7 KiB when the budget was set (6,935 bytes, once bridge.fetch failed the way fetch fails: plain TypeErrors
 * with the engine's network-error message and the explanations beside them), raised by half a KiB for single sign-on
 * across sites (6,923 to 7,506 bytes: protocol version 2, the storage-access and popup errors, the popup transport and
 * bridge.connect), lowered by a quarter (7,506 to 7,343 bytes) when the explanations became one table of short
 * cause-and-fix sentences with the longer story in the README, configure's checks one helper, and the version-mismatch
 * detail a plain list; rounded up to the next quarter KiB; raised a quarter again for speed (7,343 to 7,626
 * bytes: bodies inline in protocol version 3, chunks pulled ahead, the relay opened as bridge.js loads; 7,675 with
 * version 4's credit for chunked bodies); and a quarter once more for speed (7,675 to 7,788 bytes: the session over
 * the two windows for a relay of the page's own site, which lifted Firefox's same-site 16 MiB download from 0.87x
 * and 0.73x of CORS to 1.09x and 1.16x in paired runs; the frame and popup transports hear the relay through the
 * same window port, which paid for part of it). Since then: 7,772 bytes, then 7,904 when responses took prototypes
 * instead of own properties, as fetch's have none (+159), the validator's bounds became constants (-46) and the
 * frame's own display: none (+19); raised a quarter for speed once more (7,904 to 8,055 bytes: protocol version 5,
 * calls made during the handshake posted behind the hello, which brought the first call from navigation start in
 * Chromium across sites about 15 % sooner in paired runs). The goal (issue #14) is 4 KiB, which strings alone cannot
 * reach: without any string the bundle is about 5.9 KB, and without the popup, chunked bodies, abort and liveness too
 * about 6.8 KB (bench/README.md).
 */
const BUDGET_BYTES = 8 * 1024;

it(`the core client is at most ${BUDGET_BYTES} bytes minified and gzipped`, async (t) => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("../../src/client/module.js", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  const minified = result.outputFiles[0].contents;
  const gzipped = gzipSync(minified, { level: 9 }).length;
  t.diagnostic(`core client: ${minified.length} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET_BYTES})`);
  console.log(`core client: ${minified.length} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET_BYTES})`);

  assert.ok(gzipped <= BUDGET_BYTES, `the core client grew to ${gzipped} bytes gzipped, over its budget of ${BUDGET_BYTES}`);
});
