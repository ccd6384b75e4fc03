// Opens a frame on the URL given and resolves once it has loaded (the control that third-party cookies are blocked).
(src) => new Promise((resolve, reject) => {
  const frame = document.createElement("iframe");
  frame.addEventListener("load", () => resolve());
  frame.addEventListener("error", () => reject(new Error(`the frame ${src} did not load`)));
  frame.src = src;
  document.body.append(frame);
})
