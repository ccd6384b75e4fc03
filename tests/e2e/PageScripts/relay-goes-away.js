// Makes the page's relay frame go away under bridge.js, by departure: "removed", "reloaded" (its src set again) or
// "navigated" elsewhere.
(departure) => {
  const frame = document.querySelector('iframe');
  if (departure === 'removed') frame.remove();
  else if (departure === 'reloaded') frame.src = frame.src;
  else if (departure === 'navigated') frame.src = 'about:blank';
  else throw new Error(`no departure "${departure}"`);
}
