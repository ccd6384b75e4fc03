// Loads bridge.js as a page's script element would, with a data-preconnect attribute when one is given; resolves
// once the script has run, with the console warnings it gave.
async ({ src, preconnect }) => {
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => {
    warnings.push(args.map(String).join(' '));
    warn.apply(console, args);
  };
  try {
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      if (preconnect !== null) script.dataset.preconnect = preconnect;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`${src} did not load`));
      document.head.append(script);
    });
  } finally {
    console.warn = warn;
  }
  return warnings;
}
