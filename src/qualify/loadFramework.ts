// Which framework a command works with: `--framework`, else BANT_FRAMEWORK, else the default BANT. Each
// names a shipped framework by its id (data/frameworks/<id>.json: bant, champ, anum) or a file of one's own.

import fs from 'node:fs';
import path from 'node:path';
import { checkFramework, parseFramework, type FrameworkProblem } from '../domain/checkFramework.js';
import { invalidInput, notFound } from '../domain/errors.js';
import type { Framework } from '../domain/framework.js';
import { shippedDataFile } from '../shippedData.js';
import { jsonErrorPlace } from './jsonErrorPlace.js';

export const DEFAULT_FRAMEWORK = 'bant';

/** The ids of the frameworks bant ships, the default first: the files of data/frameworks. */
export function shippedFrameworkIds(): string[] {
  const ids = fs
    .readdirSync(shippedDataFile('frameworks'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
  return [DEFAULT_FRAMEWORK, ...ids.filter((id) => id !== DEFAULT_FRAMEWORK)];
}

export interface FrameworkSource {
  /** As the user named it: an id or a path. */
  ref: string;
  file: string;
  shipped: boolean;
}

/**
 * A shipped id, else a file. A bare word that is neither (`champs`) is a mistyped id, exit 3 listing the
 * ids; something that looks like a path and is missing is exit 4.
 */
export function resolveFramework(ref: string | undefined): FrameworkSource {
  const wanted = ref?.trim() || DEFAULT_FRAMEWORK;
  const ids = shippedFrameworkIds();
  if (ids.includes(wanted)) return { ref: wanted, file: shippedDataFile(`frameworks/${wanted}.json`), shipped: true };
  const looksLikeAPath = wanted.includes('/') || wanted.includes(path.sep) || wanted.endsWith('.json') || wanted.startsWith('.');
  if (looksLikeAPath || fs.existsSync(wanted)) return { ref: wanted, file: wanted, shipped: false };
  throw invalidInput('framework.unknownId', { id: wanted, ids: ids.join(', ') });
}

/** The framework `ref` names, checked before any question is asked; the first problem is exit 3. */
export function loadFramework(ref: string | undefined): Framework {
  const source = resolveFramework(ref);
  return parseFramework(readFrameworkJson(source), source.file);
}

/** Every problem of the framework `ref` names (`bant frameworks check`), and the framework when there is none. */
export function checkFrameworkFile(ref: string): { source: FrameworkSource; framework: Framework | undefined; problems: FrameworkProblem[] } {
  const source = resolveFramework(ref);
  return { source, ...checkFramework(readFrameworkJson(source)) };
}

function readFrameworkJson(source: FrameworkSource): unknown {
  let text: string;
  try {
    text = fs.readFileSync(source.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw invalidInput('framework.isFolder', { file: source.file });
    throw notFound('framework.notFound', { file: source.file });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput('framework.badJson', { file: source.file, ...jsonErrorPlace(text, error as Error) });
  }
}
