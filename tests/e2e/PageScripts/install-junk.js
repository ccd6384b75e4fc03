// Installs window.junk (once), seeded generators of junk and near-miss messages: junk.curated(), a fixed list of
// malformed messages (wrong types, huge strings, __proto__ and constructor keys from JSON.parse, non-objects, arrays,
// nested junk, class instances), none of which is a valid hello; junk.forWindow(seed, n), n random messages, none a
// valid hello; junk.forPort(seed, n, urlBase), n random messages for a relay's port, none valid or answerable, with
// expectedIgnored, how many the relay must count as ignored (the rest are abort/cancel/pull/ping messages for unknown
// or malformed ids, which it drops without counting).
() => {
  if (window.junk) return;
  // mulberry32: a small seeded PRNG, so a failing run can be replayed.
  const prng = (seed) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const words = ["bridge", "hello", "ready", "request", "response", "failure", "ping", "pong", "abort", "cancel",
    "pull", "chunk", "end", "closing", "refused", "__proto__", "constructor", "prototype", "toString", "ns", "v",
    "type", "id", "url", "streams", "", " ", "null", "undefined", "NaN", "\u0000", "\ud800", "<script>", "é✓"];
  // Own data properties only, even for "__proto__" (assignment would set the prototype instead).
  const define = (target, key, value) =>
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  const merge = (target, source) => {
    for (const key of Object.keys(source)) define(target, key, source[key]);
    return target;
  };
  const make = (rand) => {
    const int = (n) => Math.floor(rand() * n);
    const pick = (list) => list[int(list.length)];
    const string = () => {
      const r = rand();
      if (r < 0.4) return pick(words);
      if (r < 0.98) return Array.from({ length: int(40) }, () => String.fromCharCode(int(0x3000))).join("");
      return "x".repeat(16 * 1024 + int(100 * 1024));
    };
    const value = (depth) => {
      const r = int(depth > 3 ? 14 : 18);
      switch (r) {
        case 0: return pick([0, -1, 1, 1.5, -0, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE]);
        case 1: case 2: case 3: return string();
        case 4: return pick([true, false]);
        case 5: return null;
        case 6: return undefined;
        case 7: return BigInt(int(1e9)) * 10n ** 30n;
        case 8: return new Date(int(2 ** 40));
        case 9: return pick([/x/g, new Map([["ns", "bridge"]]), new Set(["hello"]), new Error("junk"), new Boolean(true), new String("bridge")]);
        case 10: return new ArrayBuffer(int(64));
        case 11: return new Uint8Array(int(16));
        case 12: return new Blob([string()]);
        case 13: return [];
        case 14: case 15: return Array.from({ length: int(6) }, () => value(depth + 1));
        default: return object(depth + 1);
      }
    };
    const object = (depth) => {
      if (rand() < 0.1) {
        // Keys only JSON.parse makes own data properties: __proto__ and constructor.
        return JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "ns": "bridge", "v": 1, "type": "' + pick(["hello", "request", "ready"]) + '"}');
      }
      const result = {};
      for (let i = int(6); i > 0; i--) define(result, pick(words), value(depth));
      return result;
    };
    const deep = () => {
      let nested = { ns: "bridge", v: 1, type: "hello" };
      for (let i = int(300); i > 0; i--) nested = rand() < 0.5 ? [nested] : { streams: nested };
      return nested;
    };
    return { rand, int, pick, string, value, object, deep };
  };
  const own = (value, key) =>
    value !== null && typeof value === "object" && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
  // Conservative, whatever the object's prototype (a clone arrives as a plain object): anything that could be
  // a valid hello is dropped from the window junk, anything in the namespace from the port's plain junk.
  const couldBeHello = (m) => own(m, "type") === "hello" && typeof own(m, "streams") === "boolean";
  const inNamespace = (m) => own(m, "ns") === "bridge";
  const envelopeTypes = ["hello", "request", "ready", "refused", "response", "failure", "chunk", "end", "closing", "pong", "abort", "cancel", "pull", "ping"];

  const junk = {
    curated() {
      const huge = "h".repeat(8 * 1024 * 1024);
      return [
        undefined, null, 0, -1, NaN, "", "bridge", "hello", huge, true, 12345678901234567890n, [], [1, 2, 3],
        ["bridge", 1, "hello"], [{ ns: "bridge", v: 1, type: "hello", streams: true }],
        {}, { ns: "bridge" }, { ns: "bridge", v: 1 }, { ns: "bridge", v: 1, type: "hello" },
        { ns: "bridge", v: 1, type: "hello", streams: "true" }, { ns: "bridge", v: 1, type: "hello", streams: 1 },
        { ns: "bridge", v: 1, type: "hello", streams: null }, { ns: "bridge", v: 1, type: "hello", streams: new Boolean(true) },
        { ns: "bridge", v: "1", type: "hello", streams: true }, { ns: "bridge", v: 0, type: "hello", streams: true },
        { ns: "bridge", v: -1, type: "hello", streams: true }, { ns: "bridge", v: 1.5, type: "hello", streams: true },
        { ns: "bridge", v: NaN, type: "hello", streams: true }, { ns: "bridge", v: 2 ** 53, type: "hello", streams: true },
        { ns: "Bridge", v: 1, type: "hello", streams: true }, { ns: new String("bridge"), v: 1, type: "hello", streams: true },
        { ns: "bridge", v: 1, type: "HELLO", streams: true }, { ns: "bridge", v: 1, type: "hello ", streams: true },
        { ns: "bridge", v: 1, type: huge, streams: true }, { ns: huge, v: 1, type: "hello", streams: true },
        { ns: "bridge", v: 1, type: "ready" }, { ns: "bridge", v: 1, type: "refused", code: "origin-not-allowed", message: "x" },
        { ns: "bridge", v: 1, type: "request", id: "a", method: "GET", url: location.href, headers: [], body: null,
          credentials: "include", redirect: "follow", cache: "default", integrity: "", referrerPolicy: "", keepalive: false },
        JSON.parse('{"__proto__": {"polluted": "yes", "streams": true}, "ns": "bridge", "v": 1, "type": "hello"}'),
        JSON.parse('{"ns": "bridge", "v": 1, "type": "hello", "streams": {"__proto__": {"polluted": "yes"}}}'),
        JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}, "ns": "bridge", "v": 1, "type": "hello"}'),
        JSON.parse('{"__proto__": null, "ns": "bridge", "v": 1, "type": "ping"}'),
        new Date(), /hello/, new Map([["ns", "bridge"], ["v", 1], ["type", "hello"], ["streams", true]]),
        new Set(["bridge"]), new Error("hello"), new ArrayBuffer(16), new Uint8Array([1, 2, 3]), new Blob(["hello"]),
        Object.assign(new Error("x"), { ns: "bridge", v: 1, type: "hello", streams: true }),
        make(prng(1)).deep(), { a: { b: { c: { d: [[[[{ ns: "bridge" }]]]] } } } },
      ];
    },
    forWindow(seed, count) {
      const g = make(prng(seed));
      const messages = [];
      while (messages.length < count) {
        const r = g.rand();
        let message;
        if (r < 0.25) message = g.value(0);
        else if (r < 0.35) message = g.deep();
        else {
          // Near misses: a hello-shaped envelope with one part wrong, sometimes with extra junk properties.
          message = merge(g.rand() < 0.3 ? g.object(1) : {}, { ns: "bridge", v: 1, type: "hello", streams: g.pick([true, false]) });
          const part = g.pick(["ns", "v", "type", "streams", "streams"]);
          define(message, part, part === "type" ? g.pick([...envelopeTypes.filter((t) => t !== "hello"), g.string()]) : g.value(1));
        }
        if (!couldBeHello(message)) messages.push(message);
      }
      return messages;
    },
    forPort(seed, count, urlBase) {
      const g = make(prng(seed));
      const invalid = {
        id: [undefined, "", "i".repeat(65), 42, null, {}, ["a"]],
        method: [undefined, "", "M".repeat(33), 1, null, true],
        url: [undefined, "u".repeat(16 * 1024 + 1), 7, null, {}],
        headers: [undefined, "x", { a: "b" }, [["a"]], [["a", "b", "c"]], [[1, "b"]], [["a", 2]], [null], ["ab"],
          Array.from({ length: 257 }, () => ["a", "b"]), [["a", "v".repeat(16 * 1024 + 1)]], [["n".repeat(257), "v"]]],
        body: [undefined, "text", [1, 2], {}, new Uint8Array(4), 0, false, new Blob(["b"])],
        credentials: [undefined, "same-origin", "INCLUDE", true, null],
        redirect: [undefined, "FOLLOW", "", 1],
        cache: [undefined, "none", null],
        referrerPolicy: [undefined, "always", null, 0],
        integrity: [undefined, "i".repeat(1025), 5, null],
        keepalive: [undefined, "false", 0, null],
      };
      const fields = Object.keys(invalid);
      const request = (i) => ({
        ns: "bridge", v: 1, type: "request", id: `fuzz-${seed}-${i}`, method: g.pick(["GET", "POST", "DELETE"]),
        url: `${urlBase}-${i}`, headers: [["x-allowed", "1"]], body: null, credentials: "omit", redirect: "follow",
        cache: "default", integrity: "", referrerPolicy: "", keepalive: false,
      });
      const messages = [];
      let expectedIgnored = 0;
      for (let i = 0; i < count; i++) {
        const r = g.rand();
        if (r < 0.15) {
          let message = g.value(0);
          while (inNamespace(message)) message = g.value(0);
          messages.push(message);
          expectedIgnored++;
        } else if (r < 0.25) {
          // A well-formed request of another protocol version.
          messages.push({ ...request(i), v: g.pick([2, 3, 99, 2 ** 31]) });
          expectedIgnored++;
        } else if (r < 0.75) {
          const message = request(i);
          for (let k = 1 + g.int(3); k > 0; k--) {
            const field = g.pick(fields);
            const bad = g.pick(invalid[field]);
            if (bad === undefined) delete message[field];
            else message[field] = bad;
          }
          if (g.rand() < 0.2) define(message, g.pick(["extra", "__proto__", "constructor"]), g.value(1));
          messages.push(message);
          expectedIgnored++;
        } else if (r < 0.85) {
          const type = g.pick([...envelopeTypes.filter((t) => !["request", "abort", "cancel", "pull", "ping"].includes(t)), g.string()]);
          if (["request", "abort", "cancel", "pull", "ping"].includes(type)) continue;
          messages.push(merge(g.rand() < 0.5 ? g.object(1) : {}, { ns: "bridge", v: 1, type, id: `fuzz-${seed}-${i}` }));
          expectedIgnored++;
        } else if (r < 0.95) {
          // abort / cancel / pull for calls that do not exist, or with malformed ids: dropped, not counted.
          messages.push({ ns: "bridge", v: 1, type: g.pick(["abort", "cancel", "pull"]), id: g.pick([`none-${i}`, "", 7, null, "i".repeat(65)]) });
        } else {
          // ping with a malformed id: no pong, not counted.
          messages.push({ ns: "bridge", v: 1, type: "ping", id: g.pick(["", 7, null, undefined, "i".repeat(65), {}]) });
        }
      }
      return { messages, expectedIgnored };
    },
  };
  window.junk = junk;
}
