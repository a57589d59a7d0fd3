import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BantError, invalidInput, notFound } from '../domain/errors.js';
import { parseFramework, type Framework } from '../domain/framework.js';

/** The shipped framework, found from dist/ (built) or src/qualify/ (tests) alike. */
function defaultFrameworkPath(): string {
  for (const relative of ['../data/frameworks/bant.json', '../../data/frameworks/bant.json']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('data/frameworks/bant.json is missing from the installation');
}

/** `--framework FILE`, else BANT_FRAMEWORK, else the default BANT framework; checked before any question is asked. */
export function loadFramework(file: string | undefined): Framework {
  const path = file ?? defaultFrameworkPath();
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw notFound('framework.notFound', { file: path });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalidInput('framework.badJson', { file: path, message: (error as Error).message });
  }
  try {
    return parseFramework(data);
  } catch (error) {
    if (error instanceof BantError) throw invalidInput('framework.invalid', { ...error.params, file: path });
    throw error;
  }
}
