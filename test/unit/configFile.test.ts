import { describe, expect, it } from 'vitest';
import { configFilePath, editConfigText, environmentWithConfig, parseConfig, type LoadedConfig } from '../../src/cli/configFile.js';

describe('the settings file', () => {
  it('lives in $XDG_CONFIG_HOME/bant/config, else ~/.config (a relative XDG_CONFIG_HOME is ignored, as the XDG spec says)', () => {
    expect(configFilePath({ XDG_CONFIG_HOME: '/x/config', HOME: '/home/a' })).toBe('/x/config/bant/config');
    expect(configFilePath({ XDG_CONFIG_HOME: 'relative', HOME: '/home/a' })).toBe('/home/a/.config/bant/config');
    expect(configFilePath({ HOME: '/home/a' })).toBe('/home/a/.config/bant/config');
  });

  it('reads key = value lines, comments, blank lines, a BOM and CRLF; a later line for a key wins', () => {
    const { values, problems } = parseConfig('\uFEFF# mine\r\n\r\nsdr = alice\r\n  LANG=fr  \r\nsdr = bob = the second\r\n', 'f');
    expect(values).toEqual({ sdr: 'bob = the second', lang: 'fr' });
    expect(problems).toEqual([]);
  });

  it('says which line of which file it cannot use, and keeps the others', () => {
    const { values, problems } = parseConfig('db = /a.db\njunk\ncolour = red\nformat = xml\nsdr =\n', 'f');
    expect(values).toEqual({ db: '/a.db' });
    expect(problems.map((problem) => [problem.key, problem.params?.line])).toEqual([
      ['config.badLine', 2],
      ['config.unknownKeyInFile', 3],
      ['config.badValueInFile', 4],
      ['config.badValueInFile', 5],
    ]);
  });

  it('set replaces the first line of the key in place and drops later ones; unset removes them; other lines stay', () => {
    const text = '# mine\nsdr = alice\nlang = fr\nsdr = bob\njunk\n';
    expect(editConfigText(text, 'sdr', 'carol')).toBe('# mine\nsdr = carol\nlang = fr\njunk\n');
    expect(editConfigText(text, 'format', 'json')).toBe(`${text}format = json\n`);
    expect(editConfigText(text, 'sdr', undefined)).toBe('# mine\nlang = fr\njunk\n');
    expect(editConfigText(undefined, 'lang', 'fr')).toMatch(/^# bant settings.*\nlang = fr\n$/);
  });

  it('fills in the environment variables the environment leaves unset or empty, and says which', () => {
    const config: LoadedConfig = { file: 'f', exists: true, values: { db: '/a.db', sdr: 'alice', lang: 'fr', format: 'json' }, problems: [] };
    const { env, fromConfig } = environmentWithConfig({ BANT_SDR: 'bob', BANT_LANG: '' }, config);
    expect(env).toMatchObject({ BANT_DB: '/a.db', BANT_SDR: 'bob', BANT_LANG: 'fr' });
    expect([...fromConfig].sort()).toEqual(['BANT_DB', 'BANT_LANG']);
  });
});
