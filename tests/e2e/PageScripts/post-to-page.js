// In a frame: posts message to its parent (the page) at pageOrigin, then a sentinel the page's install-sentinel-wait
// listener counts; messages from one window arrive in order, so once the page has the sentinel it has the message.
({ message, pageOrigin, sentinel }) => {
  parent.postMessage(message, pageOrigin);
  parent.postMessage({ sentinel }, pageOrigin);
}
