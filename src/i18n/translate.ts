// One catalog per language; every sentence bant says comes from there. The language is `--lang`, else
// BANT_LANG, else a French LC_ALL/LANG, else English.

import type { MessageParams } from '../domain/errors.js';
import { en } from './en.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];
export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey | string, params?: MessageParams) => string;

/**
 * The catalogues loaded so far. English is always there (it is also what a missing French sentence falls
 * back to); French is loaded by loadLanguage, only when it is the language: its 70 KB of text would
 * otherwise be parsed at every start of bant, whose start-up time is a target (PRODUCT.md).
 */
const CATALOGS: Partial<Record<Lang, Record<string, string>>> = { en };

/** Makes the language's catalogue ready for createTranslator. */
export async function loadLanguage(lang: Lang): Promise<void> {
  if (lang === 'fr') CATALOGS.fr ??= (await import('./fr.js')).fr;
}

export function isLang(value: string): value is Lang {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The language from the command line (read before commander, since help texts depend on it) or the environment. */
export function detectLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value && isLang(value)) return value;
  }
  if (env.BANT_LANG && isLang(env.BANT_LANG)) return env.BANT_LANG;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * Fills a message: `{name}` takes a parameter, and `{count, plural, one {# row} other {# rows}}` picks the form
 * the language's plural rules give for the number (`#` is the number): English says "0 rows", French "0 ligne".
 * Numbers with a fraction are written with the language's decimal mark (62.3 in English, 62,3 in French).
 */
export function createTranslator(lang: Lang): Translate {
  const catalog = CATALOGS[lang];
  if (!catalog) throw new Error(`the ${lang} catalogue is not loaded: await loadLanguage('${lang}') first`);
  const plurals = new Intl.PluralRules(lang);
  const show = (value: string | number) => (typeof value === 'number' ? formatNumber(lang, value) : value);
  const translate: Translate = (key, params = {}) => {
    const template = catalog[key] ?? en[key as MessageKey] ?? key;
    return template
      .replace(PLURAL, (whole, name: string, forms: string) => {
        const value = params[name];
        if (typeof value !== 'number') return whole;
        const chosen = pluralForms(forms);
        const form = chosen[`=${value}`] ?? chosen[plurals.select(value)] ?? chosen.other ?? '';
        return form.replace(/#/g, show(value));
      })
      .replace(/\{(\w+)\}/g, (whole, name: string) => {
        if (!(name in params)) return whole;
        const value = params[name]!;
        // A sentence inside a sentence (a framework's problem inside "the framework is not valid"): said first.
        return typeof value === 'object' ? translate(value.key, value.params) : show(value);
      });
  };
  return translate;
}

/** `{count, plural, one {…} other {…}}`; a form may hold `{param}`s. */
export const PLURAL = /\{(\w+), plural,((?:\s*=?\w+\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;

/** `one {# row} other {# rows}` → { one: '# row', other: '# rows' }. */
export function pluralForms(forms: string): Record<string, string> {
  const chosen: Record<string, string> = {};
  for (const match of forms.matchAll(/(=?\w+)\s*\{((?:[^{}]|\{\w+\})*)\}/g)) chosen[match[1]!] = match[2]!;
  return chosen;
}

/** A number with a fixed count of decimals, in the language's way: 62.3 or 62,3. */
export function formatDecimal(lang: Lang, value: number, digits: number): string {
  const text = value.toFixed(digits);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

/** Whole numbers as they are (ids, counts, years); fractions with the language's decimal mark. */
export function formatNumber(lang: Lang, value: number): string {
  const text = String(value);
  return lang === 'fr' && !Number.isInteger(value) ? text.replace('.', ',') : text;
}
