// `bant config`, end to end: the settings file an SDR keeps their database, name, language, framework and
// format in, and the precedence flag > environment > settings file > default, seen through the commands that
// use each setting.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, queryTarget } from '../helpers/engines.js';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';
import { ALL_MET } from '../helpers/answers.js';

/** A home of its own: XDG_CONFIG_HOME in it, and the folder bant is run from. */
function sdrHome() {
  const home = tempDir();
  const configHome = path.join(home, 'config');
  const file = path.join(configHome, 'bant', 'config');
  const bant = (args: string[], env: Record<string, string | undefined> = {}, input?: string) =>
    runBant(args, { input, env: { XDG_CONFIG_HOME: configHome, HOME: home, BANT_SDR: undefined, BANT_DB: undefined, BANT_FRAMEWORK: undefined, ...env } });
  return { home, file, bant };
}

describe('bant config', () => {
  it('sets, gets, lists and unsets settings in $XDG_CONFIG_HOME/bant/config, written whole and private', () => {
    const { home, file, bant } = sdrHome();
    const listed = bant(['config', 'list', '--format', 'json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).file).toBe(file);
    expect(fs.existsSync(file)).toBe(false);

    expect(bant(['config', 'set', 'sdr', 'alice']).code).toBe(0);
    expect(bant(['config', 'set', 'lang', 'fr']).code).toBe(0);
    expect(bant(['config', 'set', 'format', 'csv']).code).toBe(0);
    // A file is kept as an absolute path, so that it means the same file from any folder.
    const set = runBant(['config', 'set', 'db', 'pipeline.db'], { env: { XDG_CONFIG_HOME: path.join(home, 'config'), BANT_DB: undefined } });
    expect(set.code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('sdr = alice\n');
    expect(text).toContain('lang = fr\n');
    expect(text).toMatch(/^db = \/.*pipeline\.db$/m);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // No half-written file is ever left beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config']);

    expect(bant(['config', 'get', 'sdr']).stdout).toBe('alice\n');
    const settings = JSON.parse(bant(['config', 'list', '--format', 'json']).stdout).settings;
    expect(settings.map((s: { key: string; source: string }) => [s.key, s.source])).toEqual([
      ['db', 'config'],
      ['sdr', 'config'],
      ['lang', 'config'],
      ['framework', 'default'],
      ['scoring', 'default'],
      ['format', 'flag'],
    ]);

    // A comment and a line of the user's own survive set and unset.
    fs.appendFileSync(file, '# my own note\n');
    expect(bant(['config', 'unset', 'format']).code).toBe(0);
    expect(bant(['config', 'set', 'sdr', 'bob']).code).toBe(0);
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toContain('# my own note');
    expect(after).not.toContain('format');
    expect(after.match(/^sdr = /gm)).toHaveLength(1);
    expect(bant(['config', 'get', 'format']).stdout).toBe('table\n');
    const unsetAgain = bant(['config', 'unset', 'format']);
    expect(unsetAgain.code).toBe(0);
    expect(unsetAgain.stderr).toMatch(/format n’est pas défini/);
  });

  it('refuses an unknown key or a bad value with exit 3, naming what is allowed, and changes nothing', () => {
    const { file, bant } = sdrHome();
    bant(['config', 'set', 'sdr', 'alice']);
    const before = fs.readFileSync(file, 'utf8');
    const unknown = bant(['config', 'set', 'colour', 'red']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("'colour' is not a setting: the settings are db, sdr, lang, framework, scoring, format.");
    expect(bant(['config', 'get', 'colour']).code).toBe(3);
    expect(bant(['config', 'unset', 'colour']).code).toBe(3);
    const lang = bant(['config', 'set', 'lang', 'de']);
    expect(lang.code).toBe(3);
    expect(lang.stderr).toContain("lang takes en, fr, not 'de'.");
    const format = bant(['config', 'set', 'format', 'xml']);
    expect(format.code).toBe(3);
    expect(format.stderr).toContain('table, json, csv');
    const framework = bant(['config', 'set', 'framework', 'champs']);
    expect(framework.code).toBe(3);
    expect(framework.stderr).toContain('bant, anum, champ');
    const scoring = bant(['config', 'set', 'scoring', 'missing.json']);
    expect(scoring.code).toBe(3);
    expect(scoring.stderr).toContain('missing.json');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);

    // What commander refuses is a usage error (exit 2): a missing key or value, `bant config` alone (its help).
    expect(bant(['config', 'set', 'sdr']).code).toBe(2);
    expect(bant(['config', 'get']).code).toBe(2);
    const alone = bant(['config']);
    expect(alone.code).toBe(2);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toContain('unset <key>');
    expect(alone.stderr).not.toContain('outputHelp');
    expect(bant(['config', 'set', 'sdr', ' ']).code).toBe(3);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('a malformed or unreadable settings file is a warning naming it: every command goes on with the defaults', () => {
    const { file, bant } = sdrHome();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'sdr = carol\nthis line means nothing\nlnag = fr\nformat = xml\n');
    const version = bant(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(version.stderr).toContain(`Warning: ${file}, line 2: not a "key = value" line`);
    expect(version.stderr).toContain(`${file}, line 3: 'lnag' is not a setting`);
    expect(version.stderr).toContain(`${file}, line 4: format takes table, json, csv, not 'xml'.`);
    // The good line still counts; the bad ones take their defaults.
    expect(bant(['config', 'get', 'sdr']).stdout).toBe('carol\n');
    expect(bant(['config', 'get', 'format']).stdout).toBe('table\n');

    const db = path.join(tempDir(), 'pipeline.db');
    const listed = bant(['leads', 'list', '--format', 'json'], { BANT_DB: db });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(listed.stderr).toContain(`${file}, line 2`);

    // A value bant can only check when it is used (written by hand, or a file since removed): refused by the
    // command that uses it, which says where it comes from; the other commands are not concerned.
    fs.writeFileSync(file, `framework = champs\ndb = ${path.join(tempDir(), 'gone', 'pipeline.db')}\n`);
    const framework = bant(['frameworks', 'list'], { BANT_DB: db });
    expect(framework.code).toBe(3);
    expect(framework.stderr).toContain("no framework is called 'champs'");
    expect(framework.stderr).toContain(`framework = champs comes from the settings file ${file}: bant config set framework VALUE, or bant config unset framework.`);
    const gone = bant(['leads', 'list']);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain(`comes from the settings file ${file}: bant config set db VALUE`);
    expect(bant(['leads', 'list'], { BANT_DB: db }).code).toBe(0);
    // A PostgreSQL server that does not answer: said too, the URL's password hidden.
    fs.writeFileSync(file, 'db = postgres://alice:Sesame-0pen@127.0.0.1:1/team\n');
    const down = bant(['leads', 'list']);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain(`db = postgres://alice:****@127.0.0.1:1/team comes from the settings file ${file}: bant config set db VALUE`);
    expect(down.stderr).not.toContain('Sesame');

    fs.rmSync(file);
    fs.mkdirSync(file);
    const folder = bant(['config', 'list']);
    expect(folder.code).toBe(0);
    expect(folder.stderr).toContain(`cannot read the settings file ${file}`);
  });
});

describe.each(ENGINES)('settings on %s: flag > environment > settings file > default', (engine) => {
  it('db, sdr, lang, framework, scoring and format each follow the precedence', async () => {
    const { bant } = sdrHome();
    const fromConfig = await freshTarget(engine);
    const fromEnv = await freshTarget(engine);
    const fromFlag = await freshTarget(engine);
    expect(bant(['config', 'set', 'db', fromConfig]).code).toBe(0);
    expect(bant(['config', 'set', 'sdr', 'carol']).code).toBe(0);
    expect(bant(['config', 'set', 'format', 'json']).code).toBe(0);
    expect(bant(['config', 'set', 'lang', 'fr']).code).toBe(0);
    expect(bant(['config', 'set', 'framework', 'champ']).code).toBe(0);

    // db and sdr: the settings file's; the format is JSON without --format.
    const added = bant(['leads', 'add', '--email', 'a@acme.io', '--stage', 'mql']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ email: 'a@acme.io' });
    expect(await queryTarget(fromConfig, 'SELECT "by" FROM stage_history')).toEqual([{ by: 'carol' }]);
    // The environment wins over the file, the flag over both.
    expect(bant(['leads', 'add', '--email', 'b@acme.io', '--stage', 'mql'], { BANT_DB: fromEnv, BANT_SDR: 'dave' }).code).toBe(0);
    expect(await queryTarget(fromEnv, 'SELECT "by" FROM stage_history')).toEqual([{ by: 'dave' }]);
    expect(bant(['leads', 'add', '--email', 'c@acme.io', '--db', fromFlag], { BANT_DB: fromEnv }).code).toBe(0);
    expect(await queryTarget(fromFlag, 'SELECT email FROM leads')).toEqual([{ email: 'c@acme.io' }]);
    // format: --format wins over the file.
    const table = bant(['leads', 'list', '--format', 'table']);
    expect(table.stdout).toContain('a@acme.io');
    expect(table.stdout).toContain('│');

    // lang: the file's French, unless BANT_LANG or --lang say otherwise; LANG=fr alone loses to the file's en.
    expect(bant(['stage', 'a@acme.io', 'customer']).stderr).toContain('Erreur');
    expect(bant(['stage', 'a@acme.io', 'customer'], { BANT_LANG: 'en' }).stderr).toContain('Error:');
    expect(bant(['stage', 'a@acme.io', 'customer', '--lang', 'en'], { BANT_LANG: 'fr' }).stderr).toContain('Error:');
    bant(['config', 'set', 'lang', 'en']);
    expect(bant(['stage', 'a@acme.io', 'customer'], { LANG: 'fr_FR.UTF-8' }).stderr).toContain('Error:');
    bant(['config', 'unset', 'lang']);
    expect(bant(['stage', 'a@acme.io', 'customer'], { LANG: 'fr_FR.UTF-8' }).stderr).toContain('Erreur');

    // framework: the file's CHAMP, unless BANT_FRAMEWORK or --framework say otherwise.
    const inUse = (env: Record<string, string> = {}) =>
      JSON.parse(bant(['frameworks', 'list'], env).stdout).find((row: { inUse: boolean }) => row.inUse).id;
    expect(inUse()).toBe('champ');
    expect(inUse({ BANT_FRAMEWORK: 'anum' })).toBe('anum');
    // Answers missing without a terminal name the questions of the framework in use.
    const champ = bant(['qualify', 'b@acme.io', '--answers', '-', '--dry-run'], { BANT_DB: fromEnv }, '{}');
    expect(champ.code).toBe(2);
    expect(champ.stderr).toContain('challenges.');
    const bantFramework = bant(['qualify', 'b@acme.io', '--answers', '-', '--dry-run', '--framework', 'bant'], { BANT_DB: fromEnv }, '{}');
    expect(bantFramework.stderr).toContain('budget.status');

    // sdr: --sdr wins over BANT_SDR, which wins over the file's carol (seen above).
    expect(bant(['qualify', 'b@acme.io', '--answers', '-', '--framework', 'bant', '--sdr', 'erin'], { BANT_DB: fromEnv, BANT_SDR: 'dave' }, JSON.stringify(ALL_MET)).code).toBe(0);
    expect(await queryTarget(fromEnv, 'SELECT sdr FROM qualifications')).toEqual([{ sdr: 'erin' }]);

    // scoring (read by the scoring commands): BANT_SCORING over the file, the file over the shipped model.
    const source = (key: string, env: Record<string, string> = {}, ...flags: string[]) => {
      const setting = JSON.parse(bant(['config', 'get', key, '--format', 'json', ...flags], env).stdout);
      return [setting.value, setting.source];
    };
    expect(source('scoring')[1]).toBe('default');
    const model = path.join(tempDir(), 'model.json');
    fs.copyFileSync(new URL('../../data/scoring/default.json', import.meta.url), model);
    expect(bant(['config', 'set', 'scoring', model]).code).toBe(0);
    expect(source('scoring')).toEqual([model, 'config']);
    expect(source('scoring', { BANT_SCORING: '/elsewhere/model.json' })).toEqual(['/elsewhere/model.json', 'env']);
    // config list says where each value in effect comes from.
    expect(source('sdr', { BANT_SDR: 'dave' })).toEqual(['dave', 'env']);
    expect(source('lang', { BANT_LANG: 'fr' }, '--lang', 'en')).toEqual(['en', 'flag']);
    expect(source('db', {}, '--db', fromFlag)[1]).toBe('flag');
  });
});
