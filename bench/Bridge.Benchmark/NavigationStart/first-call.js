// The page's own script on a first-call-from-navigation-start page: at the window's load event it makes one call
// with the page's mechanism, without opening anything beforehand; window.firstCall resolves to performance.now()
// (milliseconds since navigation start) when the body has been read.
"use strict";
(() => {
  const { mechanism, service } = document.currentScript.dataset;
  benchmark.use(mechanism, service);
  window.firstCall = new Promise((resolve, reject) => {
    addEventListener("load", () => benchmark.callAtLoad("/api/hello").then(resolve, reject), { once: true });
  });
})();
