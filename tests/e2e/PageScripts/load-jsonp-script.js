// Loads src in a script element, with window.onHello and window.app.onHello as JSONP callbacks; says whether the
// script loaded or failed, and what the callbacks received.
async (src) => {
  window.jsonpCalls = [];
  window.onHello = (data) => window.jsonpCalls.push({ via: "onHello", data });
  window.app = { onHello: (data) => window.jsonpCalls.push({ via: "app.onHello", data }) };
  const outcome = await new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = src;
    script.addEventListener("load", () => resolve("load"));
    script.addEventListener("error", () => resolve("error"));
    document.head.appendChild(script);
  });
  return { outcome, calls: window.jsonpCalls.map((call) => ({ via: call.via, message: call.data.message })) };
}
