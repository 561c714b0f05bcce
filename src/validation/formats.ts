// The formats the API server checks in resource schemas (k8s.io/kube-openapi's strfmt); the
// others, e.g. int32, are documentation. A module of its own, with no dependency, so that the
// validators compiled ahead of time can bundle the same code.
import { net } from '../builtins.js';

/** The formats the API server checks (kube-openapi strfmt) that a regular expression says. */
export const PATTERN_FORMATS: Readonly<Record<string, RegExp>> = {
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  'date-time': /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/,
  date: /^\d{4}-\d\d-\d\d$/,
  uuid: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
};

/** The formats that take code; precompiled validators require them from a module of their own. */
export const FUNCTION_FORMATS = {
  ipv4: { validate: (s: string) => net().isIP(s) === 4 },
  ipv6: { validate: (s: string) => net().isIP(s) === 6 },
};
