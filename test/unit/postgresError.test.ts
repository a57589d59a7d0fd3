import { describe, expect, it } from 'vitest';
import { BantError, EXIT_CODES } from '../../src/domain/errors.js';
import { postgresError } from '../../src/store/postgres/connectPostgres.js';

const TARGET = { host: 'db.example.com', port: 5432, database: 'team', user: 'alice' };
const URL = 'postgres://alice:Sesame-0pen@db.example.com/team';

describe('PostgreSQL faults that are not bugs in bant', () => {
  it.each([
    ['40P01', 'pg.conflict'], // two writers waited for each other: the server undid one
    ['40001', 'pg.conflict'],
    ['22021', 'pg.badText'], // a NUL character or bytes that are not UTF-8
    ['22P05', 'pg.badText'],
    ['08006', 'pg.connectionLost'],
    ['53100', 'pg.diskFull'],
  ])('%s is said as %s, exit 3, without the password', (code, key) => {
    const error = postgresError(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00 (Sesame-0pen)'), { code }), TARGET, URL);
    expect(error).toBeInstanceOf(BantError);
    expect(error).toMatchObject({ key, exitCode: EXIT_CODES.invalidInput });
    expect(JSON.stringify((error as BantError).params)).not.toContain('Sesame');
  });

  it('leaves anything else as it is: a bug, exit 1', () => {
    const bug = Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' });
    expect(postgresError(bug, TARGET, URL)).toBe(bug);
  });
});
