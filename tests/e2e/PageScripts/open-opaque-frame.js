// Opens a frame whose origin is "null" (a sandboxed srcdoc, or a data: URL, by kind) holding document, and resolves
// with the first message the frame posts to this page.
({ kind, document }) => new Promise((resolve) => {
  const frame = window.document.createElement("iframe");
  addEventListener("message", (event) => { if (event.source === frame.contentWindow) resolve(event.data); });
  if (kind === "sandboxed srcdoc") {
    frame.setAttribute("sandbox", "allow-scripts");
    frame.srcdoc = document;
  } else {
    frame.src = "data:text/html;charset=utf-8," + encodeURIComponent(document);
  }
  window.document.body.append(frame);
})
