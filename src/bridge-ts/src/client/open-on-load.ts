// The relays the classic bridge.js opens as it loads, so that a page's first call does not wait for a frame and a
// handshake: the relay of the service that served bridge.js, or the services its script element lists in
// data-preconnect. (The ES module does not: bundled, it is served by the site or its CDN, where no relay is.)
//
//   <script src="https://api.example/bridge/bridge.js"></script>                      opens api.example's relay
//   <script src="/js/bridge.js" data-preconnect="https://api.example https://b.example"></script>   opens both
//   <script src="https://api.example/bridge/bridge.js" data-preconnect="none"></script>  opens nothing

import { openAhead, serviceUrl } from "./relays.js";

export function openOnLoad(source: URL, listed: string | undefined): void {
  if (listed?.trim() === "none") return;
  const services = listed?.trim() ? listed.trim().split(/\s+/) : [source.href];
  for (const service of services) {
    try {
      const { origin } = serviceUrl("data-preconnect", service);
      if (origin !== location.origin) openAhead(origin);
    } catch (error) {
      console.warn(error);
    }
  }
}
