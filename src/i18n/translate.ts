// One catalog per language; every sentence bant says comes from there. The language is `--lang`, else
// BANT_LANG, else a French LC_ALL/LANG, else English.

import type { MessageParams } from '../domain/errors.js';
import { en } from './en.js';
import { fr } from './fr.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];
export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey | string, params?: MessageParams) => string;

const CATALOGS: Record<Lang, Record<string, string>> = { en, fr };

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

export function createTranslator(lang: Lang): Translate {
  const catalog = CATALOGS[lang];
  const translate: Translate = (key, params = {}) => {
    const template = catalog[key] ?? en[key as MessageKey] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!(name in params)) return whole;
      const value = params[name]!;
      // A sentence inside a sentence (a framework's problem inside "the framework is not valid"): said first.
      return typeof value === 'object' ? translate(value.key, value.params) : String(value);
    });
  };
  return translate;
}
