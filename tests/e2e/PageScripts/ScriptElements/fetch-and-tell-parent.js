// The script of a frame document: calls bridge.fetch with a 1 s answer timeout on the URL in the document's JSON
// block #call, and posts how it went, with the frame's own origin, to its parent.
const { url } = JSON.parse(document.getElementById("call").textContent);
bridge.configure({ answerTimeout: 1000 });
bridge.fetch(url).then(
  (response) => parent.postMessage({ ok: true, status: response.status, origin: origin }, "*"),
  (error) => parent.postMessage({ ok: false, name: error.name, code: error.code, message: error.message, origin: origin }, "*"));
