// The settings an SDR would otherwise repeat on every command (`bant config`), kept in
// `$XDG_CONFIG_HOME/bant/config` (else `~/.config/bant/config`): one `key = value` a line, `#` starts a comment.
// Each setting stands in for a flag or an environment variable, below both: flag, environment, this file,
// then the default. A file bant cannot read, or a line it cannot understand, is a warning naming the file and
// the line; that setting takes its default and the command goes on.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Message } from '../domain/errors.js';

/** The settings, in the order `bant config list` shows them, with the environment variable each stands in for. */
export const SETTINGS = [
  { key: 'db', env: 'BANT_DB' },
  { key: 'sdr', env: 'BANT_SDR' },
  { key: 'lang', env: 'BANT_LANG' },
  { key: 'framework', env: 'BANT_FRAMEWORK' },
  { key: 'scoring', env: 'BANT_SCORING' },
  { key: 'format', env: undefined },
] as const;
export type SettingKey = (typeof SETTINGS)[number]['key'];
export const SETTING_KEYS: readonly SettingKey[] = SETTINGS.map((setting) => setting.key);

/** The values a setting may take when they are few (the others are checked by what reads them). */
export const SETTING_CHOICES: Partial<Record<SettingKey, readonly string[]>> = {
  lang: ['en', 'fr'],
  format: ['table', 'json', 'csv'],
};

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(key);
}

export interface LoadedConfig {
  /** Where the file is (or would be). */
  file: string;
  exists: boolean;
  values: Partial<Record<SettingKey, string>>;
  /** What could not be read or understood, as warnings to say. */
  problems: Message[];
}

/** `$XDG_CONFIG_HOME/bant/config`; the XDG spec ignores a relative XDG_CONFIG_HOME, and so does bant. */
export function configFilePath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'bant', 'config');
}

/** Reads the settings file; never throws: whatever goes wrong is a problem to warn about. */
export function readConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  const file = configFilePath(env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { file, exists: false, values: {}, problems: [] };
    return { file, exists: true, values: {}, problems: [{ key: 'config.unreadable', params: { file, reason: (error as Error).message } }] };
  }
  const { values, problems } = parseConfig(text, file);
  // A file written by hand may say `~/pipeline.db`, as a shell would take it.
  for (const key of PATH_SETTINGS) {
    const value = values[key];
    if (value?.startsWith('~/')) values[key] = path.join(env.HOME || os.homedir(), value.slice(2));
  }
  return { file, exists: true, values, problems };
}

/** Settings that name a file (a framework or scoring setting may also be a shipped id or a URL). */
export const PATH_SETTINGS = ['db', 'framework', 'scoring'] as const satisfies readonly SettingKey[];

/** The settings a file's text holds; a later line for the same key wins, as in git's files. */
export function parseConfig(text: string, file: string): Pick<LoadedConfig, 'values' | 'problems'> {
  const values: Partial<Record<SettingKey, string>> = {};
  const problems: Message[] = [];
  configLines(text).forEach((line, index) => {
    const entry = readLine(line);
    if (entry === 'blank') return;
    const at = { file, line: index + 1 };
    if (entry === 'malformed') return problems.push({ key: 'config.badLine', params: at });
    if (!isSettingKey(entry.key)) return problems.push({ key: 'config.unknownKeyInFile', params: { ...at, name: entry.key, keys: SETTING_KEYS.join(', ') } });
    const problem = checkSettingValue(entry.key, entry.value);
    if (problem) return problems.push({ key: 'config.badValueInFile', params: { ...at, problem } });
    values[entry.key] = entry.value;
  });
  return { values, problems };
}

/**
 * What is wrong with a value, said as a sentence, or undefined when it is fine. Only what needs no file is
 * checked here; a framework or a scoring model file is checked when it is set and again when it is used.
 */
export function checkSettingValue(key: SettingKey, value: string): Message | undefined {
  if (value.trim() === '' || /[\r\n]/.test(value)) return { key: 'config.emptyValue', params: { name: key } };
  const choices = SETTING_CHOICES[key];
  if (choices && !choices.includes(value)) return { key: 'config.notAChoice', params: { name: key, value, choices: choices.join(', ') } };
  return undefined;
}

function configLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

function readLine(line: string): 'blank' | 'malformed' | { key: string; value: string } {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return 'blank';
  const match = /^([A-Za-z][\w.-]*)\s*=\s*(.*)$/.exec(trimmed);
  if (!match) return 'malformed';
  return { key: match[1]!.toLowerCase(), value: match[2]!.trim() };
}

/** Whether any line of the text sets `key`, with a value bant accepts or not. */
export function mentionsSetting(text: string | undefined, key: SettingKey): boolean {
  if (text === undefined) return false;
  return configLines(text).some((line) => {
    const entry = readLine(line);
    return typeof entry === 'object' && entry.key === key;
  });
}

const HEADER = '# bant settings: `bant config set KEY VALUE` and `bant config unset KEY` write this file.\n';

/**
 * The file's text with `key` set to `value` (or removed when `value` is undefined): the first line for the key
 * is replaced in place, later ones dropped; every other line (comments, lines bant does not understand) kept.
 */
export function editConfigText(text: string | undefined, key: SettingKey, value: string | undefined): string {
  const lines = text === undefined ? HEADER.trimEnd().split('\n') : configLines(text);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  let written = false;
  for (const line of lines) {
    const entry = readLine(line);
    if (typeof entry === 'object' && entry.key === key) {
      if (!written && value !== undefined) out.push(`${key} = ${value}`);
      written = true;
      continue;
    }
    out.push(line);
  }
  if (!written && value !== undefined) out.push(`${key} = ${value}`);
  return `${out.join('\n')}\n`;
}

/**
 * The environment as bant's commands read it: each setting of the file fills in its environment variable when
 * the environment leaves it unset or empty, so every reader of BANT_DB, BANT_SDR, BANT_LANG, BANT_FRAMEWORK or
 * BANT_SCORING (and of their flags first) honours the file with the right precedence. Returns the variables
 * that came from the file, so that `bant config list` can say where each value comes from.
 */
export function environmentWithConfig(env: NodeJS.ProcessEnv, config: LoadedConfig): { env: NodeJS.ProcessEnv; fromConfig: Set<string> } {
  const layered: NodeJS.ProcessEnv = { ...env };
  const fromConfig = new Set<string>();
  for (const setting of SETTINGS) {
    const value = config.values[setting.key];
    if (!setting.env || value === undefined || (env[setting.env] ?? '') !== '') continue;
    layered[setting.env] = value;
    fromConfig.add(setting.env);
  }
  return { env: layered, fromConfig };
}
