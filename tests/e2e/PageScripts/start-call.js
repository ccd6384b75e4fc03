// Starts call(argument) and keeps how it settles in window.bridgeTestCalls[name], so that the test can act while
// the call is pending (BrowserPage.StartAsync); describeSettled is describe-settled.js.
(describeSettled, call) => ({ name, argument }) => {
  window.bridgeTestCalls ??= {};
  window.bridgeTestCalls[name] = describeSettled(Promise.resolve().then(() => call(argument)));
}
