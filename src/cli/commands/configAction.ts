// What `bant config list|get|set|unset` does; loaded only when it runs.

import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BantError, invalidInput } from '../../domain/errors.js';
import { DEFAULT_FRAMEWORK, loadFramework, resolveFramework } from '../../qualify/loadFramework.js';
import { loadScoringModel } from '../../scoring/loadScoringModel.js';
import { shippedDataFile } from '../../shippedData.js';
import { describeStoreTarget, parseStoreTarget } from '../../store/openStore.js';
import { checkSettingValue, editConfigText, isSettingKey, mentionsSetting, SETTING_KEYS, SETTINGS, type SettingKey } from '../configFile.js';
import type { Context } from '../context.js';
import { cannotWrite, checkOutputPath, OutputFile } from '../outputFile.js';
import { printJson, printRecords } from '../render.js';

/** Where a value in effect comes from, strongest first. */
type Source = 'flag' | 'env' | 'config' | 'default';

interface SettingInEffect {
  key: SettingKey;
  value: string;
  source: Source;
  /** What the settings file says, if it says anything (a database URL without its password). */
  inFile: string | null;
}

export async function listSettings(ctx: Context, command: Command): Promise<void> {
  const { t } = ctx;
  const settings = settingsInEffect(ctx, command);
  if (ctx.format === 'json') return printJson(ctx, { file: ctx.config.file, settings });
  const from = (setting: SettingInEffect) => {
    if (setting.source === 'flag') return `--${setting.key}`;
    if (setting.source === 'env') return SETTINGS.find((s) => s.key === setting.key)?.env ?? '';
    return t(setting.source === 'config' ? 'config.fromFile' : 'config.fromDefault');
  };
  const table = ctx.format === 'table';
  await printRecords(
    ctx,
    [
      { header: table ? t('config.setting') : 'key', value: (setting) => setting.key },
      { header: table ? t('config.value') : 'value', value: (setting) => setting.value },
      { header: table ? t('config.from') : 'source', value: (setting) => (table ? from(setting) : setting.source) },
    ],
    settings,
    (setting) => setting,
  );
  ctx.say(t(ctx.config.exists ? 'config.fileIs' : 'config.fileNotYet', { file: ctx.config.file }));
}

export function getSetting(ctx: Context, command: Command, name: string): void {
  const key = settingKey(name);
  const setting = settingsInEffect(ctx, command).find((s) => s.key === key)!;
  if (ctx.format === 'json') printJson(ctx, setting);
  else ctx.print(setting.value);
}

export function setSetting(ctx: Context, name: string, given: string): void {
  const key = settingKey(name);
  const value = checkedValue(ctx, key, given.trim());
  writeConfig(ctx, (text) => editConfigText(text, key, value));
  ctx.say(ctx.t('config.saved', { name: key, value: shown(key, value), file: ctx.config.file }));
  const env = SETTINGS.find((setting) => setting.key === key)?.env;
  if (env && (ctx.io.env[env] ?? '') !== '' && !ctx.config.fromConfig.has(env)) ctx.say(ctx.t('config.shadowedByEnv', { env }));
}

export function unsetSetting(ctx: Context, name: string): void {
  const key = settingKey(name);
  if (!mentionsSetting(readConfigText(ctx.config.file), key)) {
    ctx.say(ctx.t('config.wasNotSet', { name: key, file: ctx.config.file }));
    return;
  }
  writeConfig(ctx, (text) => editConfigText(text, key, undefined));
  ctx.say(ctx.t('config.removed', { name: key, file: ctx.config.file }));
}

function settingKey(name: string): SettingKey {
  const key = name.trim().toLowerCase();
  if (!isSettingKey(key)) throw invalidInput('config.unknownKey', { name, keys: SETTING_KEYS.join(', ') });
  return key;
}

/**
 * The value as it will be written: checked the way the commands reading it would check it, and files made
 * absolute, so that the setting means the same file from any folder.
 */
function checkedValue(ctx: Context, key: SettingKey, value: string): string {
  const problem = checkSettingValue(key, value);
  if (problem) throw invalidInput('config.badValue', { problem });
  const refuse = (error: unknown): never => {
    if (error instanceof BantError) throw invalidInput('config.badValue', { problem: { key: error.key, params: error.params } });
    throw error;
  };
  switch (key) {
    case 'db': {
      const target = parseStoreTarget(value, value);
      return target.engine === 'sqlite' ? target.path : target.url;
    }
    case 'framework':
      try {
        const source = resolveFramework(value);
        const ref = source.shipped ? source.ref : path.resolve(source.file);
        loadFramework(ref);
        return ref;
      } catch (error) {
        return refuse(error);
      }
    case 'scoring':
      try {
        const file = path.resolve(value);
        loadScoringModel(file, {});
        return file;
      } catch (error) {
        return refuse(error);
      }
    default:
      return value;
  }
}

/** Rewrites the settings file through a hidden file renamed over it, so that it is never half-written. */
function writeConfig(ctx: Context, edit: (text: string | undefined) => string): void {
  const file = ctx.config.file;
  const text = readConfigText(file);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw cannotWrite(file, error as Error);
  }
  const output = new OutputFile(checkOutputPath(file, { inputs: [] }));
  try {
    output.write(edit(text));
    output.commit();
  } catch (error) {
    output.discard();
    throw error;
  }
}

/** The settings file's text, undefined when there is none yet. */
function readConfigText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cannotWrite(file, error as Error);
  }
}

/** A database URL is shown without its password, here as everywhere. */
function shown(key: SettingKey, value: string): string {
  return key === 'db' ? describeStoreTarget(parseStoreTarget(value, value)) : value;
}

/** Each setting's value in effect now, and where it comes from: flag, environment, settings file or default. */
function settingsInEffect(ctx: Context, command: Command): SettingInEffect[] {
  const env = ctx.io.env;
  const fromEnv = (name: string): Source | undefined => ((env[name] ?? '') === '' ? undefined : ctx.config.fromConfig.has(name) ? 'config' : 'env');
  const flag = (option: string): Source | undefined => (command.getOptionValueSourceWithGlobals(option) === 'cli' ? 'flag' : undefined);
  const inFile = (key: SettingKey) => {
    const value = ctx.config.values[key];
    return value === undefined ? null : shown(key, value);
  };
  const entry = (key: SettingKey, value: string, source: Source): SettingInEffect => ({ key, value, source, inFile: inFile(key) });
  const formatSource = command.getOptionValueSourceWithGlobals('format');
  return [
    entry('db', ctx.dbLocation, (ctx.dbGiven ? 'flag' : undefined) ?? fromEnv('BANT_DB') ?? 'default'),
    entry('sdr', ctx.actor, fromEnv('BANT_SDR') ?? 'default'),
    entry('lang', ctx.lang, flag('lang') ?? fromEnv('BANT_LANG') ?? 'default'),
    entry('framework', env.BANT_FRAMEWORK || DEFAULT_FRAMEWORK, fromEnv('BANT_FRAMEWORK') ?? 'default'),
    entry('scoring', env.BANT_SCORING || shippedDataFile('scoring/default.json'), fromEnv('BANT_SCORING') ?? 'default'),
    entry('format', ctx.format, formatSource === 'cli' ? 'flag' : formatSource === 'config' ? 'config' : 'default'),
  ];
}
