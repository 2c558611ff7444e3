/**
 * Source of the script that runs first in every fresh isolate context, before the candidate. It captures the
 * intrinsics it needs (so a candidate that patches JSON or Array.prototype only breaks its own results), installs a
 * size-limited `console` that reports through a host callback, and returns `control(op, ...)`: `start` loads the
 * candidate and calls the entry once per test synchronously (the fast path), reporting each case through a second host
 * callback as soon as it finishes (so cases completed before a timeout are kept); it returns 'A' when an entry
 * returned a promise, and `resume` then continues asynchronously. Values leave the isolate only as wire
 * strings (see codec.ts): nothing the candidate owns is ever handed to the host.
 *
 * Kept as a string so that the code that runs inside the isolate is exactly what is written here.
 */
export const BOOTSTRAP_SOURCE = String.raw`(function () {
  'use strict';
  const g = globalThis;
  const logCb = g.__genesisLog;
  const caseCb = g.__genesisCase;
  delete g.__genesisLog;
  delete g.__genesisCase;
  // WebAssembly.Memory and Intl objects hold memory outside the V8 heap, which escapes the isolate's memory limit
  // (measured: a 64 MB candidate filled 512 MB through WebAssembly.Memory; a 32 MB one reached 559 MB by hoarding
  // Intl.DateTimeFormat objects), so candidates get neither. Locale methods such as toLocaleString remain.
  delete g.WebAssembly;
  delete g.Intl;
  const O = Object;
  const keysOf = O.keys, defineProperty = O.defineProperty, hasOwn = O.hasOwn, objectIs = O.is;
  const isArray = Array.isArray, arrayFrom = Array.from, isView = ArrayBuffer.isView;
  const stringify = JSON.stringify, parse = JSON.parse, apply = Reflect.apply;
  const numberIsNaN = Number.isNaN, StringC = String, ErrorC = Error, BigIntC = BigInt;
  const SetC = Set, MapC = Map, DataViewC = DataView;
  const ArrayC = Array, join = Array.prototype.join, sliceA = Array.prototype.slice, sortA = Array.prototype.sort;
  const sliceS = String.prototype.slice;
  const setHas = Set.prototype.has, setAdd = Set.prototype.add, setDelete = Set.prototype.delete;
  // The intrinsic getters, not whatever a candidate defines on its own instance or prototype.
  const setSize = O.getOwnPropertyDescriptor(Set.prototype, 'size').get;
  const mapSize = O.getOwnPropertyDescriptor(Map.prototype, 'size').get;
  const typedLengthGetter = O.getOwnPropertyDescriptor(O.getPrototypeOf(Uint8Array.prototype), 'length').get;
  const sizeOf = (v) => (v instanceof SetC ? apply(setSize, v, []) : apply(mapSize, v, []));
  const typedLength = (v) => apply(typedLengthGetter, v, []);
  const PromiseC = Promise, promiseResolve = Promise.resolve, promiseThen = Promise.prototype.then;
  const define = (t, k, v) => defineProperty(t, k, { value: v, writable: true, enumerable: true, configurable: true });
  // The copy is built from objects and arrays without a prototype: a candidate that put setters, index accessors or a
  // toJSON on Object.prototype or Array.prototype cannot run code while its result is copied or serialised.
  const setPrototypeOf = O.setPrototypeOf, create = O.create;
  const bareArray = (a) => setPrototypeOf(a, null);

  // Walks the value once, keeping the current path on a stack that is copied only when a special value is found.
  function encode(value, maxBytes) {
    return encodeWithin(value, maxBytes, new SetC());
  }

  // A Set's values and a Map's entries in the order of their own wire text (as the trusted side encodes
  // expectations), so equal sets built in different orders compare equal. 'seen' holds the enclosing objects.
  function canonicalOrder(values, maxBytes, seen) {
    const keyed = bareArray([]);
    for (let i = 0; i < values.length; i++) keyed[i] = bareArray([encodeWithin(values[i], maxBytes, seen), values[i]]);
    apply(sortA, keyed, [(a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)]);
    const out = bareArray([]);
    for (let i = 0; i < keyed.length; i++) out[i] = keyed[i][1];
    return out;
  }

  function encodeWithin(value, maxBytes, seen) {
    const specials = bareArray([]);
    const path = bareArray([]);
    // Every node costs at least one byte of the JSON text, a string its length, an array one byte per element:
    // counting as the walk goes stops a result that cannot fit before it is copied (an array of length 2^32 - 1
    // would otherwise exhaust the heap while being allocated).
    let size = 0;
    const ensure = (n) => {
      if (size + n > maxBytes) throw new ErrorC('result is larger than ' + maxBytes + ' bytes');
    };
    const spend = (n) => {
      ensure(n);
      size += n;
    };
    const mark = (tag, extra) => {
      const at = bareArray(apply(sliceA, path, []));
      specials[specials.length] = bareArray(extra === undefined ? [at, tag] : [at, tag, extra]);
      return null;
    };
    // As JSON.stringify: a toJSON method is applied once to the value at a position, not again to what it returned.
    const walk = (v, converted) => {
      spend(1);
      switch (typeof v) {
        case 'number':
          if (v === v && v !== Infinity && v !== -Infinity && (v !== 0 || 1 / v > 0)) return v;
          return mark(v !== v ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : '-0');
        case 'string':
          spend(v.length);
          return v;
        case 'boolean':
          return v;
        case 'undefined': case 'function': case 'symbol':
          return mark('u');
        case 'bigint':
          return mark('n', StringC(v));
      }
      if (v === null) return null;
      let obj = v;
      if (!converted) {
        const toJSON = obj.toJSON;
        if (typeof toJSON === 'function') {
          return walk(apply(toJSON, obj, [path.length === 0 ? '' : StringC(path[path.length - 1])]), true);
        }
      }
      if (path.length > 1000) throw new ErrorC('value is nested too deeply');
      if (apply(setHas, seen, [v])) throw new ErrorC('value contains a cycle');
      apply(setAdd, seen, [v]);
      // Sized before they are spread into an array (which then spends its elements as any array does).
      if (isView(obj) && !(obj instanceof DataViewC)) {
        ensure(typedLength(obj));
        obj = arrayFrom(obj);
      } else if (obj instanceof SetC || obj instanceof MapC) {
        ensure(sizeOf(obj));
        obj = canonicalOrder(arrayFrom(obj), maxBytes, seen);
      }
      let out;
      if (isArray(obj)) {
        const n = obj.length;
        spend(n);
        out = bareArray(new ArrayC(n));
        for (let i = 0; i < n; i++) {
          path[path.length] = i;
          out[i] = walk(obj[i], false);
          path.length--;
        }
      } else {
        out = create(null);
        const ks = keysOf(obj);
        for (let i = 0; i < ks.length; i++) {
          const k = ks[i];
          spend(k.length + 3);
          path[path.length] = k;
          const x = walk(obj[k], false);
          path.length--;
          out[k] = x;
        }
      }
      apply(setDelete, seen, [v]);
      return out;
    };
    const clone = walk(value, false);
    const env = create(null);
    env.v = clone;
    if (specials.length !== 0) env.s = specials;
    const text = stringify(env);
    if (text.length > maxBytes) throw new ErrorC('result is larger than ' + maxBytes + ' bytes');
    return text;
  }

  function special(tag, extra) {
    switch (tag) {
      case 'u': return undefined;
      case 'nan': return NaN;
      case 'inf': return Infinity;
      case '-inf': return -Infinity;
      case '-0': return -0;
      case 'n': return BigIntC(extra);
    }
    throw new ErrorC('bad wire tag');
  }

  function decode(wire) {
    const env = parse(wire);
    let root = env.v;
    const s = hasOwn(env, 's') ? env.s : [];
    for (let i = 0; i < s.length; i++) {
      const path = s[i][0];
      const value = special(s[i][1], s[i][2]);
      if (path.length === 0) { root = value; continue; }
      let t = root;
      for (let j = 0; j < path.length - 1; j++) t = t[path[j]];
      define(t, path[path.length - 1], value);
    }
    return root;
  }

  function errorText(e) {
    try {
      let text;
      if (e !== null && typeof e === 'object' && typeof e.message === 'string') {
        text = (typeof e.name === 'string' ? e.name : 'Error') + ': ' + e.message;
      } else if (e !== null && typeof e === 'object') {
        text = format(e); // a thrown plain object reads as JSON, not "[object Object]"
      } else {
        text = StringC(e);
      }
      return apply(sliceS, text, [0, 2000]);
    } catch (_) {
      return 'thrown value could not be printed';
    }
  }

  function format(v) {
    try {
      switch (typeof v) {
        case 'string': return v;
        case 'number': return objectIs(v, -0) ? '-0' : StringC(v);
        case 'bigint': return StringC(v) + 'n';
        case 'undefined': case 'boolean': case 'symbol': return StringC(v);
        case 'function': return '[Function' + (v.name ? ': ' + v.name : ' (anonymous)') + ']';
      }
      if (v === null) return 'null';
      if (v instanceof ErrorC) return typeof v.stack === 'string' ? v.stack : errorText(v);
      const text = stringify(v, (k, x) => (typeof x === 'bigint' ? StringC(x) + 'n' : x));
      return text === undefined ? StringC(v) : text;
    } catch (_) {
      return '[unprintable]';
    }
  }

  let logOpen = true;
  const makeLog = (level) => function () {
    if (!logOpen) return;
    const parts = bareArray([]);
    for (let i = 0; i < arguments.length; i++) parts[i] = format(arguments[i]);
    let line = apply(join, parts, [' ']);
    if (level !== 'log' && level !== 'info' && level !== 'debug') line = '[' + level + '] ' + line;
    logOpen = logCb(line) === true;
  };
  const con = {};
  const levels = ['log', 'info', 'debug', 'warn', 'error', 'trace'];
  for (let i = 0; i < levels.length; i++) define(con, levels[i], makeLog(levels[i]));
  defineProperty(g, 'console', { value: con, writable: true, enumerable: false, configurable: true });

  function requireStub(name) {
    throw new ErrorC("Cannot find module '" + StringC(name) + "': the sandbox provides no modules");
  }

  // State of the candidate being run: the entry, its decoded arguments, the next case, and a pending thenable.
  let st;

  function report(i, result) {
    let wire;
    try {
      wire = encode(result, st.maxBytes);
    } catch (e) {
      caseCb(i, 'E', 'result could not be copied: ' + errorText(e));
      return;
    }
    caseCb(i, 'V', wire);
  }

  // Runs cases synchronously from st.i; stops at the first result that is a thenable ('A': resume asynchronously).
  function step() {
    while (st.i < st.all.length) {
      const i = st.i;
      let result;
      try {
        result = apply(st.fn, undefined, st.all[i]);
        if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function') {
          // Handle the outcome right away, so a rejection is never "unhandled" between start() and resume().
          const settled = apply(promiseResolve, PromiseC, [result]);
          st.pending = apply(promiseThen, settled, [(v) => ({ ok: true, v }), (e) => ({ ok: false, e })]);
          return 'A';
        }
      } catch (e) {
        caseCb(i, 'T', errorText(e));
        st.i++;
        continue;
      }
      report(i, result);
      st.i++;
    }
    return 'D';
  }

  function start(factory, entry, argsWire, maxBytes) {
    const module = { exports: {} };
    let fn;
    try {
      fn = apply(factory, undefined, [module, module.exports, requireStub]);
      if (typeof fn !== 'function') {
        const ex = module.exports;
        fn = ex !== null && (typeof ex === 'object' || typeof ex === 'function') && hasOwn(ex, entry) ? ex[entry] : undefined;
      }
    } catch (e) {
      return 'L' + errorText(e);
    }
    if (typeof fn !== 'function') {
      return 'M' + (fn === undefined ? 'is not defined' : 'is not a function (it is ' + typeof fn + ')');
    }
    st = { fn, all: decode(argsWire), i: 0, maxBytes, pending: undefined };
    caseCb(-1, 'S', '');
    return step();
  }

  async function resume() {
    for (;;) {
      const i = st.i;
      const pending = st.pending;
      st.pending = undefined;
      const outcome = await pending;
      if (outcome.ok) report(i, outcome.v);
      else caseCb(i, 'T', errorText(outcome.e));
      st.i++;
      if (step() === 'D') return 'D';
    }
  }

  // start(...) runs synchronously (called with applySync); resume() is only needed once an entry returned a promise.
  return function control(op, factory, entry, argsWire, maxBytes) {
    return op === 'start' ? start(factory, entry, argsWire, maxBytes) : resume();
  };
})()`;
