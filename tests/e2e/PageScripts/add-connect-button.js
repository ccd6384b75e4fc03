// A button whose click handler calls bridge.connect(service, { interactive: true }) synchronously, as a page's must,
// and keeps the connection for the test's later calls (fetch-through-clicked-connection.js).
({ service }) => {
  const button = document.createElement('button');
  button.id = 'connect';
  button.textContent = 'Connect';
  button.addEventListener('click', () => {
    window.clickedConnection = bridge.connect(service, { interactive: true });
  });
  document.body.append(button);
  return true;
}
