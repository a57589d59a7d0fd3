// --scoring FILE, else BANT_SCORING, else the shipped default; each failure with its exit code and the file named.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BantError } from '../../src/domain/errors.js';
import { loadScoringModel } from '../../src/scoring/loadScoringModel.js';
import { tempDir } from '../helpers/tempDir.js';

const shipped = JSON.parse(fs.readFileSync('data/scoring/default.json', 'utf8'));

function write(name: string, content: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

function failure(run: () => unknown): { exitCode: number; key: string; params: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof BantError) return { exitCode: error.exitCode, key: error.key, params: error.params };
    throw error;
  }
  throw new Error('expected a BantError');
}

describe('loadScoringModel', () => {
  it('without a file or BANT_SCORING: the shipped default', () => {
    expect(loadScoringModel(undefined, {}).id).toBe('default');
  });

  it('BANT_SCORING when no file is given, and the file over BANT_SCORING', () => {
    const fromEnv = write('env.json', JSON.stringify({ ...shipped, id: 'from-env' }));
    const fromFlag = write('flag.json', JSON.stringify({ ...shipped, id: 'from-flag' }));
    expect(loadScoringModel(undefined, { BANT_SCORING: fromEnv }).id).toBe('from-env');
    expect(loadScoringModel(fromFlag, { BANT_SCORING: fromEnv }).id).toBe('from-flag');
  });

  it('a file that does not exist: exit 4, naming it', () => {
    const missing = path.join(tempDir(), 'nope.json');
    expect(failure(() => loadScoringModel(missing, {}))).toMatchObject({ exitCode: 4, key: 'scoring.notFound', params: { file: missing } });
  });

  it('a file that is not JSON: exit 3', () => {
    const file = write('bad.json', '{ "id": ');
    expect(failure(() => loadScoringModel(file, {}))).toMatchObject({ exitCode: 3, key: 'scoring.badJson', params: { file } });
  });

  it('a model that does not check out: exit 3, with the file and the path of the problem', () => {
    const file = write('invalid.json', JSON.stringify({ ...shipped, mql: { total: 1000 } }));
    expect(failure(() => loadScoringModel(file, {}))).toMatchObject({ exitCode: 3, key: 'scoring.invalidFile', params: { file, path: 'mql.total' } });
  });
});
