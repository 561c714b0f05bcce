// The CEL rules of a schema (`x-kubernetes-validations`), evaluated as the API server does:
// `self` is the value at the rule's node, typed by the schema (integer fields are CEL ints,
// number fields doubles, objects maps, arrays lists). Standard CEL and its strings extension
// come from @bufbuild/cel; the Kubernetes library functions the published rules use
// (`url`, `isURL`, `isIP`, `getScheme`, …) are added here. Each expression is parsed and
// planned once per process, and only when neither FAST nor the quick evaluator
// (cel-lite.ts) can say that it holds: most runs never load the library.
import { createRequire } from 'node:module';
import { goDurationNs } from '../k8s/duration.js';
import { isIp, isUrl, parseUrl } from './cel-library.js';
import { quickHolds } from './cel-lite.js';
import type { SchemaNode } from './structural.js';

type Cel = typeof import('@bufbuild/cel');
type Evaluate = (bindings: Record<string, unknown>) => unknown;

let cel: Cel | undefined;
let env: unknown;
const plans = new Map<string, Evaluate | Error>();

const require = createRequire(import.meta.url);

/** Loads the CEL evaluator (synchronously: rules are); only called when a schema with CEL rules is met. */
export function loadCel(): void {
  if (cel) return;
  const lib = require('@bufbuild/cel') as Cel;
  const ext = require('@bufbuild/cel/ext') as typeof import('@bufbuild/cel/ext');
  cel = lib;
  const { STRING, BOOL, DYN, INT } = lib.CelScalar;
  const URL_MAP = lib.mapType(STRING, DYN);
  const part = (name: string) => lib.celMethod(name === 'path' ? 'getEscapedPath' : `get${name[0].toUpperCase()}${name.slice(1)}`, URL_MAP, [], STRING,
    function (this: { get(key: string): unknown }) { return String(this.get(name) ?? ''); });
  const funcs = [
    ...ext.strings,
    lib.celFunc('url', [STRING], URL_MAP, (text: string) => {
      if (!isUrl(text)) throw new Error(`URL parse error during conversion from string: "${text}"`);
      return parseUrl(text);
    }),
    lib.celFunc('isURL', [STRING], BOOL, isUrl),
    lib.celFunc('isIP', [STRING], BOOL, isIp),
    part('scheme'), part('host'), part('hostname'), part('port'), part('path'), part('query'),
    lib.celMethod('isLessThan', INT, [INT], BOOL, function (this: bigint, other: bigint) { return this < other; }),
  ];
  env = lib.celEnv({ funcs: funcs as never });
}

const keysOf = (self: unknown) => (self instanceof Map ? [...self.keys()] : Array.isArray(self) ? self : undefined);
const allStrings = (self: unknown, test: (s: string) => boolean) => {
  const keys = keysOf(self);
  return keys && keys.every((k) => typeof k === 'string') ? keys.every((k) => test(k as string)) : undefined;
};
const number = (self: unknown) => (typeof self === 'bigint' ? Number(self) : typeof self === 'number' ? self : undefined);

/**
 * The most frequent rules of the published CRDs (about three in four), computed without the
 * CEL evaluator so that most resources never load it. `undefined`: not sure, ask CEL (which
 * also words the errors, e.g. of an unparsable duration).
 */
export const FAST: ReadonlyMap<string, (self: unknown) => boolean | undefined> = new Map([
  ["duration(self) >= duration('1ms')", (self) => {
    const ns = typeof self === 'string' ? goDurationNs(self) : undefined;
    return ns === undefined || Math.abs(ns) > 3e20 ? undefined : ns >= 1e6;
  }],
  ['0 < self && self <= 65535', (self) => { const n = number(self); return n === undefined ? undefined : 0 < n && n <= 65535; }],
  ['!self.contains("*")', (self) => (typeof self === 'string' ? !self.includes('*') : undefined)],
  ['self != "*"', (self) => (typeof self === 'string' ? self !== '*' : undefined)],
  ['self.size() == 0', (self) => (typeof self === 'string' ? self.length === 0 : self instanceof Map ? self.size === 0 : Array.isArray(self) ? self.length === 0 : undefined)],
  ['self.all(key, key.size() != 0)', (self) => allStrings(self, (k) => k.length !== 0)],
  ['self.all(key, !key.contains("*"))', (self) => allStrings(self, (k) => !k.includes('*'))],
]);

function compiled(expression: string): Evaluate | Error {
  let plan = plans.get(expression);
  if (!plan) {
    loadCel();
    try {
      plan = cel!.plan(env as never, cel!.parse(expression)) as unknown as Evaluate;
    } catch (error) {
      plan = error instanceof Error ? error : new Error(String(error));
    }
    plans.set(expression, plan);
  }
  return plan;
}

const typeOf = (schema: SchemaNode) => (Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type);

/** A JSON value as the CEL value the API server binds for this schema. */
export function celValue(value: unknown, schema: SchemaNode = {}): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    const type = typeOf(schema);
    if (type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => celValue(item, (schema.items as SchemaNode) ?? {}));
  if (typeof value === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
    const rest = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaNode) : {};
    const map = new Map(Object.entries(value).map(([k, v]) => [k, celValue(v, properties[k] ?? rest)]));
    for (const [k, sub] of Object.entries(properties)) if (!map.has(k) && sub.default !== undefined) map.set(k, celValue(sub.default, sub));
    return map;
  }
  return undefined;
}

/** What a rule says about a value: `true` it holds, a string the failure's message, or an evaluation error. */
export type CelOutcome = { holds: true } | { holds: false; message?: string } | { error: string };

/**
 * Evaluates one expression with `self` bound; for messageExpression the result is the string.
 * `fastPath`: first the rules computed here (FAST) and the quick evaluator, which answers
 * most rules that hold without loading the CEL library.
 */
export function evaluate(expression: string, self: unknown, fastPath = true): { value: unknown } | { error: string } {
  const fast = fastPath ? FAST.get(expression)?.(self) : undefined;
  if (fast !== undefined) return { value: fast };
  if (fastPath && quickHolds(expression, self)) return { value: true };
  const plan = compiled(expression);
  if (plan instanceof Error) return { error: plan.message };
  try {
    const result = plan({ self });
    if (cel!.isCelError(result)) return { error: String((result as { message?: string }).message ?? result) };
    return { value: result };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
