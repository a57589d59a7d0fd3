import fs from 'node:fs';
import { BantError, invalidInput, notFound } from '../domain/errors.js';
import { parseScoringModel, type ScoringModel } from '../domain/scoringModel.js';
import { shippedDataFile } from '../shippedData.js';

/**
 * `--scoring FILE`, else BANT_SCORING, else the shipped default model; checked whole before any lead is scored.
 * A file that is not there is exit 4; one that is not JSON, or not a valid model, is exit 3 naming the problem.
 */
export function loadScoringModel(file: string | undefined, env: { BANT_SCORING?: string | undefined }): ScoringModel {
  const path = file || env.BANT_SCORING || shippedDataFile('scoring/default.json');
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw notFound('scoring.notFound', { file: path });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalidInput('scoring.badJson', { file: path, message: (error as Error).message });
  }
  try {
    return parseScoringModel(data);
  } catch (error) {
    if (error instanceof BantError) throw invalidInput('scoring.invalidFile', { ...error.params, file: path });
    throw error;
  }
}

let shipped: ScoringModel | undefined;

/** The shipped default model, read once: what a use case scores with when its caller names no model. */
export function shippedScoringModel(): ScoringModel {
  shipped ??= loadScoringModel(undefined, {});
  return shipped;
}
