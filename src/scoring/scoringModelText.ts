// A scoring model as a file people read, edit and commit: JSON, with each rule on one line. A learned model
// has a hundred rules or more; at one rule per line it reads like the table of points it is (2-space JSON
// would spread each over a dozen lines), and a diff between two learned models shows which points moved.

import type { ScoringModel } from '../domain/scoringModel.js';

export function scoringModelText(model: ScoringModel): string {
  return `${layout(model, '', false)}\n`;
}

/** Objects and arrays over several lines, except each element of a `rules` list and lists of plain values. */
function layout(value: unknown, indent: string, oneLine: boolean): string {
  if (oneLine || value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return JSON.stringify(value);
    return `[\n${value.map((item) => inner + layout(item, inner, false)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => {
    const rules = key === 'rules' && Array.isArray(item);
    const text = rules ? `[\n${(item as unknown[]).map((rule) => `${inner}  ${JSON.stringify(rule)}`).join(',\n')}\n${inner}]` : layout(item, inner, false);
    return `${inner}${JSON.stringify(key)}: ${rules && (item as unknown[]).length === 0 ? '[]' : text}`;
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
