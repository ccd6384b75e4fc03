// Counts the messages this frame posts on MessagePorts (the bridge's and penpal's channels after their handshakes)
// and sums an estimate of their sizes: the characters of the message as JSON, with every ArrayBuffer and view counted
// by its bytes instead (a transferred stream counts as "{}"). The size is taken before the post, which detaches what
// it transfers. Installed once per frame, after the warm-up, so only the workload's messages count.
() => {
  const counts = { posts: 0, bytes: 0 };
  const post = MessagePort.prototype.postMessage;
  const size = (message) => {
    let binary = 0;
    const json = JSON.stringify(message, (_, value) => {
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        binary += value.byteLength;
        return 0;
      }
      return value;
    });
    return (json?.length ?? 0) + binary;
  };
  MessagePort.prototype.postMessage = function (message, ...rest) {
    counts.posts++;
    counts.bytes += size(message);
    return post.call(this, message, ...rest);
  };
  Object.defineProperty(window, "benchmarkPortPosts", { value: counts });
}
