// A quick evaluator of the CEL that CRD rules are written in, so that most runs never load the
// CEL library (loading it takes longer than evaluating every rule of a large repository). It
// knows a subset: literals (lists and maps too), `self` and macro variables, fields and has(), indexing, the
// logical, relational and arithmetic operators, ?:, in, the all/exists/exists_one/filter/map
// macros, size, the string methods contains/startsWith/endsWith/substring/split, matches (RE2,
// with re2js), int(), duration(), and Kubernetes' isURL, url(…).getScheme() and isIP. It
// answers only when it is sure: another construct, a type it does not expect, or anything CEL
// would call an error gives no answer, and the CEL library decides. Only `true` is taken from
// it (a rule that holds); every failure is confirmed and worded by the library.
import { createRequire } from 'node:module';
import type * as Re2 from 're2js';
import { goDurationNs } from '../k8s/duration.js';
import { isIp, isUrl, parseUrl } from './cel-library.js';
import { parse, UNSURE, unsure, type Node } from './cel-lite-parse.js';

class Duration { constructor(readonly ns: number) {} }

const INT_MIN = -(2n ** 63n), INT_MAX = 2n ** 63n - 1n;
const int = (n: bigint) => (n < INT_MIN || n > INT_MAX ? unsure() : n);
const isMap = (v: unknown): v is Map<string, unknown> => v instanceof Map && !v.has('\u0000url');
const bool = (v: unknown) => (typeof v === 'boolean' ? v : unsure());
const str = (v: unknown) => (typeof v === 'string' ? v : unsure());
const ascii = (s: string) => (/^[\x00-\x7f]*$/.test(s) ? s : unsure());
// CEL reserved words are written __word__ as field names (self.__namespace__ is "namespace").
const RESERVED = new Set(['namespace', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'return', 'var', 'void', 'while', 'true', 'false', 'null']);
const field = (name: string) => {
  const escaped = /^__(\w+)__$/.exec(name)?.[1];
  return escaped !== undefined ? (RESERVED.has(escaped) ? escaped : unsure()) : name.includes('__') ? unsure() : name;
};

function equal(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === null && b === null ? true : unsure();
  if (typeof a !== typeof b) return unsure();
  if (typeof a !== 'object') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, j) => equal(x, b[j]));
  if (isMap(a) && isMap(b)) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && equal(v, b.get(k)));
  if (a instanceof Duration && b instanceof Duration) return a.ns === b.ns;
  return unsure();
}

function order(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  if (typeof a === 'string' && typeof b === 'string') return ascii(a) < ascii(b) ? -1 : a > b ? 1 : 0;
  if (a instanceof Duration && b instanceof Duration) return a.ns - b.ns;
  return unsure();
}

const require = createRequire(import.meta.url);
let re2: typeof Re2 | undefined;
const patterns = new Map<string, Re2.RE2JS>();
const matches = (text: string, pattern: string) => {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = (re2 ??= require('re2js') as typeof Re2).RE2JS.compile(pattern)));
  return re.matcher(text).find();
};

const URL_PARTS: Record<string, string> = { getScheme: 'scheme', getHost: 'host', getHostname: 'hostname', getPort: 'port', getEscapedPath: 'path', getQuery: 'query' };

function call(node: Extract<Node, { k: 'call' }>, scope: Map<string, unknown>): unknown {
  const { fn, target, args } = node;
  if (!target && fn === 'has') {
    const arg = args[0];
    if (args.length !== 1 || arg?.k !== 'sel') return unsure();
    const x = ev(arg.x, scope);
    return isMap(x) ? x.has(field(arg.f)) : unsure();
  }
  if (target && ['all', 'exists', 'exists_one', 'filter', 'map'].includes(fn)) {
    const variable = args[0]?.k === 'id' && args.length === 2 ? args[0].name : unsure();
    const x = ev(target, scope);
    const items = Array.isArray(x) ? x : isMap(x) ? [...x.keys()] : unsure();
    const inner = new Map(scope);
    const each = items.map((item) => (inner.set(variable, item), ev(args[1]!, inner)));
    if (fn === 'map') return each;
    const truth = each.map(bool);
    if (fn === 'all') return truth.every(Boolean);
    if (fn === 'exists') return truth.some(Boolean);
    if (fn === 'exists_one') return truth.filter(Boolean).length === 1;
    return items.filter((_, j) => truth[j]);
  }
  const values = args.map((a) => ev(a, scope));
  const self = target ? ev(target, scope) : undefined;
  const [a, b] = target ? [self, values[0]] : values;
  const arity = (n: number) => (values.length + (target ? 1 : 0) === n ? true : unsure());
  switch (fn) {
    case 'size':
      arity(1);
      return typeof a === 'string' ? BigInt([...a].length) : Array.isArray(a) ? BigInt(a.length) : isMap(a) ? BigInt(a.size) : unsure();
    case 'contains': arity(2); return str(a).includes(str(b));
    case 'startsWith': arity(2); return str(a).startsWith(str(b));
    case 'endsWith': arity(2); return str(a).endsWith(str(b));
    case 'matches': arity(2); return matches(str(a), str(b));
    case 'split': {
      arity(2);
      const sep = str(b);
      return sep === '' ? unsure() : str(a).split(sep);
    }
    case 'substring': {
      if (!target || values.length < 1 || values.length > 2) return unsure();
      const s = ascii(str(self));
      const from = typeof values[0] === 'bigint' ? Number(values[0]) : unsure();
      const to = values.length === 2 ? (typeof values[1] === 'bigint' ? Number(values[1]) : unsure()) : s.length;
      return from < 0 || to > s.length || from > to ? unsure() : s.slice(from, to);
    }
    case 'int':
      arity(1);
      if (typeof a === 'bigint') return a;
      if (typeof a === 'string' && /^[-+]?\d+$/.test(a)) return int(BigInt(a));
      return unsure();
    case 'duration': {
      arity(1);
      const ns = goDurationNs(str(a));
      return ns === undefined || Math.abs(ns) > 9e18 ? unsure() : new Duration(ns);
    }
    case 'isURL': arity(1); return isUrl(str(a));
    case 'isIP': arity(1); return isIp(str(a));
    case 'url': arity(1); return isUrl(str(a)) ? parseUrl(str(a)) : unsure();
    default: {
      const part = URL_PARTS[fn];
      return part && target && values.length === 0 && self instanceof Map && self.has('\u0000url') ? self.get(part) : unsure();
    }
  }
}

function binary(op: string, a: unknown, b: unknown): unknown {
  switch (op) {
    case '==': return equal(a, b);
    case '!=': return !equal(a, b);
    case '<': return order(a, b) < 0;
    case '<=': return order(a, b) <= 0;
    case '>': return order(a, b) > 0;
    case '>=': return order(a, b) >= 0;
    case 'in':
      if (Array.isArray(b)) return b.some((x) => equal(a, x));
      return isMap(b) ? b.has(str(a)) : unsure();
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (op === '+') return int(a + b);
    if (op === '-') return int(a - b);
    if (op === '*') return int(a * b);
    if (b === 0n) return unsure();
    return op === '/' ? int(a / b) : a % b;
  }
  if (typeof a === 'number' && typeof b === 'number' && op !== '%') return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return unsure();
}

function ev(node: Node, scope: Map<string, unknown>): unknown {
  switch (node.k) {
    case 'lit': return node.v;
    case 'id': return scope.has(node.name) ? scope.get(node.name) : unsure();
    case 'sel': {
      const x = ev(node.x, scope);
      const key = field(node.f);
      return isMap(x) && x.has(key) ? x.get(key) : unsure();
    }
    case 'idx': {
      const x = ev(node.x, scope), i = ev(node.i, scope);
      if (Array.isArray(x) && typeof i === 'bigint' && i >= 0n && i < BigInt(x.length)) return x[Number(i)];
      return isMap(x) && typeof i === 'string' && x.has(i) ? x.get(i) : unsure();
    }
    case 'call': return call(node, scope);
    case 'list': return node.items.map((item) => ev(item, scope));
    case 'map': {
      const map = new Map<string, unknown>();
      for (const [key, value] of node.entries) {
        const k = str(ev(key, scope));
        if (map.has(k)) unsure();
        map.set(k, ev(value, scope));
      }
      return map;
    }
    case 'un': {
      const x = ev(node.x, scope);
      if (node.op === '!') return !bool(x);
      return typeof x === 'bigint' ? int(-x) : typeof x === 'number' ? -x : unsure();
    }
    case 'bin': {
      if (node.op === '&&') return bool(ev(node.a, scope)) ? bool(ev(node.b, scope)) : false;
      if (node.op === '||') return bool(ev(node.a, scope)) ? true : bool(ev(node.b, scope));
      return binary(node.op, ev(node.a, scope), ev(node.b, scope));
    }
    case 'cond': return bool(ev(node.c, scope)) ? ev(node.a, scope) : ev(node.b, scope);
  }
}

const parsed = new Map<string, Node | null>();

/**
 * Whether the expression certainly evaluates to true with `self` bound (a CEL value, as
 * `celValue` makes it); false means only that this evaluator does not say so.
 */
export function quickHolds(expression: string, self: unknown): boolean {
  let node = parsed.get(expression);
  if (node === undefined) {
    try { node = parse(expression); } catch (error) { if (error !== UNSURE) throw error; node = null; }
    parsed.set(expression, node);
  }
  if (!node) return false;
  try {
    return ev(node, new Map([['self', self]])) === true;
  } catch (error) {
    if (error === UNSURE) return false;
    throw error;
  }
}
