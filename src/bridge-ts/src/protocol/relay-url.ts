// The relay URL's shape, a contract between bridge.js, the relay and the host (docs/relay-url.md): the relay page's
// URL with the framing page's origin in its query, so the host can answer with that origin's policy alone and a
// frame policy that only that origin passes.

/** The query parameter naming the framing page's origin. The host spells it as RelayPage.OriginParameter. */
export const RELAY_ORIGIN_PARAMETER = "origin";

/** The URL of the relay frame for a page on pageOrigin: the relay page's URL naming that origin. */
export function relayFrameUrl(relayPage: URL, pageOrigin: string): URL {
  const url = new URL(relayPage.href);
  url.searchParams.set(RELAY_ORIGIN_PARAMETER, pageOrigin);
  return url;
}
