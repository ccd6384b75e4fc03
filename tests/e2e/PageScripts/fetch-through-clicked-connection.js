// A call through the connection the click opened (add-connect-button.js), as describe-settled.js describes it; the
// connection is closed after it.
(describeSettled) => async ({ url, init }) => {
  const connection = window.clickedConnection;
  const outcome = await describeSettled(connection.fetch(url, init));
  connection.close();
  return outcome;
}
