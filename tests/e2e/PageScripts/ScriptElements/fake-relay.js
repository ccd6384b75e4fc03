// The script of the fake relay page (ServiceTestPages.FakeRelayPath): answers any hello from its parent with "ready"
// for the protocol version in its ?v= query; with &answer=unbuildable it answers every request with a response
// message that passes validation but that no Response can be built from (a header name with a space).
const query = new URLSearchParams(location.search);
const version = Number(query.get("v") ?? "1");
addEventListener("message", (event) => {
  if (event.source !== parent || event.data?.type !== "hello") return;
  const channel = new MessageChannel();
  if (query.get("answer") === "unbuildable") {
    channel.port1.onmessage = ({ data }) => {
      if (data?.type !== "request") return;
      channel.port1.postMessage({ ns: "bridge", v: version, type: "response", id: data.id, status: 200, statusText: "OK",
        headers: [["bad header", "x"]], url: data.url, redirected: false, body: null, chunked: false });
    };
  }
  parent.postMessage({ ns: "bridge", v: version, type: "ready" }, event.origin, [channel.port2]);
});
