import { isObject } from '../model/resource.js';
import { stringMap } from './workload.js';

/** `matchLabels`: every pair must be present (an empty selector selects everything). */
export function matchesLabels(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * A Kubernetes LabelSelector (`matchLabels` and `matchExpressions` with In, NotIn,
 * Exists, DoesNotExist), as webhooks' namespaceSelector and objectSelector use it.
 * Returns undefined for a malformed selector, whose meaning the API server would reject.
 */
export function matchesSelector(selector: unknown, labels: Readonly<Record<string, string>>): boolean | undefined {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) return undefined;
  if (!matchesLabels(stringMap(selector.matchLabels), labels)) return false;
  const expressions = selector.matchExpressions ?? [];
  if (!Array.isArray(expressions)) return undefined;
  for (const expression of expressions) {
    if (!isObject(expression) || typeof expression.key !== 'string') return undefined;
    const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
    const has = Object.hasOwn(labels, expression.key);
    const value = labels[expression.key];
    switch (expression.operator) {
      case 'In': if (!has || !values.includes(value!)) return false; break;
      case 'NotIn': if (has && values.includes(value!)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return undefined;
    }
  }
  return true;
}
