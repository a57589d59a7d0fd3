import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { fr } from '../../src/i18n/fr.js';
import { createTranslator, detectLang, PLURAL, pluralForms } from '../../src/i18n/translate.js';

type Key = keyof typeof en;
const keys = Object.keys(en) as Key[];

/** Every parameter a message takes, plain or plural, and for each plural parameter the forms it gives. */
function shape(text: string) {
  const plurals: Record<string, string[]> = {};
  let rest = text;
  for (const match of text.matchAll(PLURAL)) {
    plurals[match[1]!] = Object.keys(pluralForms(match[2]!)).sort();
    rest = rest.replace(match[0], ` {${match[1]}} ${Object.values(pluralForms(match[2]!)).join(' ')}`);
  }
  const params = [...new Set([...rest.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
  return { params, plurals };
}

describe('languages', () => {
  it('has every English message in French, with the same parameters', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of keys) expect(shape(fr[key]).params, key).toEqual(shape(en[key]).params);
  });

  it('says counts with plural forms in both languages, each with the forms its language needs', () => {
    const withPlurals = keys.filter((key) => Object.keys(shape(en[key]).plurals).length > 0);
    expect(withPlurals.length).toBeGreaterThan(5);
    for (const key of withPlurals) {
      const english = shape(en[key]).plurals;
      const french = shape(fr[key]).plurals;
      // French agrees more words with a count than English does ("1 créée", "2 créées"), never fewer.
      expect(Object.keys(french), key).toEqual(expect.arrayContaining(Object.keys(english)));
      for (const forms of [...Object.values(english), ...Object.values(french)]) expect(forms, key).toEqual(['one', 'other']);
    }
    // No "(s)" left: counts are said with a plural form.
    for (const key of keys) {
      expect(en[key], key).not.toMatch(/\w\(s\)/);
      expect(fr[key], key).not.toMatch(/\w\(s\)/);
    }
  });

  it('writes French with one apostrophe (’) and one word for nurturing', () => {
    for (const key of keys) {
      const prose = key.endsWith('Examples') ? fr[key].replace(/'[^']*'/g, '') : fr[key]; // shell quoting in examples
      expect(prose, key).not.toMatch(/'/);
      // The stage is "en maturation"; `nurturing` only as the word typed on the command line.
      if (key.endsWith('Examples')) continue;
      expect(fr[key].replace(/\{\w+\}/g, '').replace(/\b(stage|override|--stage|--override) nurturing\b|\(nurturing\)|mql, nurturing|nurturing, disqualified|→ mql, nurturing|nurturing →|customer, nurturing|\$ bant [^\n]*/g, ''), key).not.toMatch(/nurturing/);
    }
  });

  it('picks plural forms by the language, and writes fractions with its decimal mark', () => {
    const english = createTranslator('en');
    const french = createTranslator('fr');
    expect(english('lead.assigned', { count: 1, owner: 'alice' })).toBe('1 lead assigned to alice.');
    expect(english('lead.assigned', { count: 0, owner: 'alice' })).toBe('0 leads assigned to alice.');
    expect(french('lead.assigned', { count: 0, owner: 'alice' })).toBe('0 lead attribué à alice.');
    expect(french('lead.assigned', { count: 2, owner: 'alice' })).toBe('2 leads attribués à alice.');
    expect(french('import.summary', { importId: 3, rows: 1, created: 0, updated: 0, skipped: 0, rejected: 1 })).toBe(
      'Import #3 : 1 ligne : 0 créée, 0 mise à jour, 0 ignorée comme doublon d’un lead existant, 1 rejetée.',
    );
    expect(english('import.summary', { importId: 3, rows: 1, created: 0, updated: 0, skipped: 2, rejected: 1 })).toBe(
      'Import #3: 1 row: 0 created, 0 updated, 2 skipped as duplicates of existing leads, 1 rejected.',
    );
    expect(french('qualify.decisionLine', { decision: 'sql', score: 62.5 })).toBe('Décision : sql   Score : 62,5');
    expect(english('qualify.decisionLine', { decision: 'sql', score: 62.5 })).toBe('Decision: sql   Score: 62.5');
  });

  it('chooses --lang, then BANT_LANG, then a French LANG or LC_ALL', () => {
    expect(detectLang(['--lang', 'fr'], {})).toBe('fr');
    expect(detectLang(['leads', 'list', '--lang=fr'], { BANT_LANG: 'en' })).toBe('fr');
    expect(detectLang([], { BANT_LANG: 'fr' })).toBe('fr');
    expect(detectLang([], { LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(detectLang([], { LC_ALL: 'fr_CA.UTF-8', LANG: 'en_US.UTF-8' })).toBe('fr');
    expect(detectLang([], { LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(detectLang(['--', '--lang', 'fr'], {})).toBe('en');
  });

  it('fills parameters', () => {
    expect(createTranslator('fr')('stage.moved', { id: 3, name: 'Acme', from: 'mql', to: 'sql' })).toBe('Lead #3 Acme : mql → sql.');
  });
});
