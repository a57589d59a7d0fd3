// Which engine --db or BANT_DB names, and the location bant prints: a PostgreSQL password is never shown.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStoreTarget, isPostgresUrl, parseStoreTarget, redactUrl } from '../../src/store/openStore.js';

describe('the store a --db value names', () => {
  it.each(['postgres://bant@db.example/bant', 'postgresql://bant@db.example:5433/bant', 'POSTGRES://bant@db/bant', '  postgres://bant@db/bant  ', 'postgres://'])('%j is PostgreSQL', (given) => {
    expect(isPostgresUrl(given)).toBe(true);
    expect(parseStoreTarget(given, '/default.db')).toEqual({ engine: 'postgres', url: given.trim() });
  });

  it.each(['bant.db', './postgres/bant.db', 'postgres.db', '/var/lib/bant/postgres:bant.db', 'mysql://db/bant'])('%j is a SQLite file, resolved from the current folder', (given) => {
    expect(isPostgresUrl(given)).toBe(false);
    expect(parseStoreTarget(given, '/default.db')).toEqual({ engine: 'sqlite', path: path.resolve(given), createFolders: false });
  });

  it('nothing given is the default file, whose folders bant may create', () => {
    expect(parseStoreTarget(undefined, '/home/jeanne/.local/share/bant/bant.db')).toEqual({ engine: 'sqlite', path: '/home/jeanne/.local/share/bant/bant.db', createFolders: true });
    expect(parseStoreTarget('', '/d.db')).toMatchObject({ engine: 'sqlite', path: '/d.db', createFolders: true });
  });
});

describe('the location bant prints', () => {
  it.each([
    ['postgres://alice:S3cret!@db.example:5432/bant', 'postgres://alice:****@db.example:5432/bant'],
    ['postgresql://alice:p%40ss%2Fword@db/bant?sslmode=require', 'postgresql://alice:****@db/bant?sslmode=require'],
    ['postgres://alice@db/bant', 'postgres://alice@db/bant'],
  ])('%s is shown as %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
    expect(describeStoreTarget(parseStoreTarget(url, '/d.db'))).toBe(shown);
  });

  it('hides the password even in a URL that cannot be parsed', () => {
    const shown = redactUrl('postgres://alice:S3cret@db.example:notaport/bant');
    expect(shown).not.toContain('S3cret');
    expect(shown).toContain('alice');
  });

  it('a SQLite location is the resolved path', () => {
    expect(describeStoreTarget(parseStoreTarget('bant.db', '/d.db'))).toBe(path.resolve('bant.db'));
  });
});
