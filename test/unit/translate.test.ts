import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { fr } from '../../src/i18n/fr.js';
import { createTranslator, detectLang } from '../../src/i18n/translate.js';

describe('languages', () => {
  it('has every English message in French, with the same parameters', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(params(fr[key]), key).toEqual(params(en[key]));
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
