// Numbers too large to keep, from a file or the command line: a rejected row, exit 3 or exit 2, never a crash.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryDb as query, snapshotDb as snapshot } from '../helpers/queryDb.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

const HUGE = '99999999999999999999'; // beyond 2^63

function setup() {
  const dir = tempDir();
  const db = path.join(dir, 'bant.db');
  runBant(['leads', 'add', '--company', 'Acme', '--stage', 'mql'], { db });
  return { dir, db };
}

describe('numbers beyond what bant keeps', () => {
  it('in a file: that row is rejected with its line, the others go in', () => {
    const { dir, db } = setup();
    const list = path.join(dir, 'list.csv');
    fs.writeFileSync(list, `email,employees,annual_revenue\na@b.co,12,1000\nb@c.co,${HUGE},\nc@d.co,,9223372036854775808\nd@e.co,9007199254740991,\n`);
    const result = runBant(['import', list, '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 4, created: 2, rejected: 2 });
    expect(result.stderr).toMatch(new RegExp(`line 3: employees is too large \\('${HUGE}'\\)`));
    expect(result.stderr).toMatch(/line 4: annual_revenue is too large/);
    expect(query(db, 'SELECT employees FROM leads WHERE email = ?', 'd@e.co')).toEqual([{ employees: 9007199254740991 }]);
  });

  it('in --employees or --revenue: exit 3, nothing written', () => {
    const { db } = setup();
    const before = snapshot(db);
    for (const args of [['leads', 'add', '--company', 'X', '--employees', HUGE], ['leads', 'edit', '1', '--revenue', HUGE]]) {
      const result = runBant(args, { db });
      expect(result.stderr).toMatch(/too large/);
      expect(result.code).toBe(3);
    }
    expect(snapshot(db)).toBe(before);
  });

  it('in --limit, --offset or --older-than: exit 2', () => {
    const { db } = setup();
    for (const args of [['leads', 'list', '--limit', HUGE], ['leads', 'list', '--offset', HUGE], ['report', 'aging', '--older-than', HUGE]]) {
      const result = runBant(args, { db });
      expect(result.stderr, args.join(' ')).toMatch(/takes a whole number up to 9007199254740991/);
      expect(result.code).toBe(2);
    }
  });

  it('a span back from today longer than the calendar reaches back to its first day', () => {
    const { db } = setup();
    const result = runBant(['report', 'pipeline', '--since', '99999999999999999999d', '--format', 'json'], { db });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ since: '0000-01-01' });
    expect(runBant(['report', 'aging', '--older-than', '9007199254740991'], { db }).code).toBe(0);
  });
});
