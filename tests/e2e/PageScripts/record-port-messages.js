// From now on, records in window.bridgePortMessages the type of every Bridge message this page posts on a
// MessagePort (BrowserPage.RecordPortMessagesAsync).
() => {
  window.bridgePortMessages = [];
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (message, ...rest) {
    if (message?.ns === 'bridge') window.bridgePortMessages.push(message.type);
    return post.call(this, message, ...rest);
  };
}
