// Label selectors as Kubernetes evaluates them (matchLabels + matchExpressions, or a plain map).
// May not: read files or report findings.

import { type JsonObject, isObject } from './object.js';

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A parsed selector. `matchesEverything` for `{}` in the APIs where empty means all. */
export interface Selector {
  requirements: Requirement[];
  /** One exact key=value pair every match must carry, for index lookups; undefined when there is none. */
  anchor: string | undefined;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** A Service-style selector: a plain map of labels. */
export function selectorFromMap(map: JsonObject): Selector {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(map)) {
    requirements.push({ key, operator: 'In', values: [String(value)] });
  }
  return withAnchor(requirements);
}

/** A metav1.LabelSelector. Returns undefined when it cannot be understood (bad operator, wrong types). */
export function selectorFromLabelSelector(selector: JsonObject): Selector | undefined {
  const requirements: Requirement[] = [];
  const matchLabels = selector['matchLabels'];
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isObject(matchLabels)) return undefined;
    for (const [key, value] of Object.entries(matchLabels)) {
      requirements.push({ key, operator: 'In', values: [String(value)] });
    }
  }
  const expressions = selector['matchExpressions'];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return undefined;
    for (const expression of expressions) {
      if (!isObject(expression)) return undefined;
      const { key, operator, values } = expression;
      if (typeof key !== 'string' || typeof operator !== 'string' || !OPERATORS.has(operator)) return undefined;
      requirements.push({
        key,
        operator: operator as Requirement['operator'],
        values: Array.isArray(values) ? values.map(String) : [],
      });
    }
  }
  return withAnchor(requirements);
}

function withAnchor(requirements: Requirement[]): Selector {
  const exact = requirements.find((r) => r.operator === 'In' && r.values.length === 1);
  return { requirements, anchor: exact ? `${exact.key}=${exact.values[0]}` : undefined };
}

export function matches(selector: Selector, labels: JsonObject): boolean {
  for (const requirement of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    const value = has ? String(labels[requirement.key]) : undefined;
    switch (requirement.operator) {
      case 'In':
        if (value === undefined || !requirement.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && requirement.values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

export function formatSelector(selector: Selector): string {
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
