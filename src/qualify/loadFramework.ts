import fs from 'node:fs';
import { BantError, invalidInput, notFound } from '../domain/errors.js';
import { parseFramework, type Framework } from '../domain/framework.js';
import { shippedDataFile } from '../shippedData.js';
import { jsonErrorPlace } from './jsonErrorPlace.js';

/** `--framework FILE`, else BANT_FRAMEWORK, else the default BANT framework; checked before any question is asked. */
export function loadFramework(file: string | undefined): Framework {
  const path = file ?? shippedDataFile('frameworks/bant.json');
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
    throw invalidInput('framework.badJson', { file: path, ...jsonErrorPlace(text, error as Error) });
  }
  try {
    return parseFramework(data);
  } catch (error) {
    if (error instanceof BantError) throw invalidInput('framework.invalid', { ...error.params, file: path });
    throw error;
  }
}
