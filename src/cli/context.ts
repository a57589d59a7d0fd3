// What every command needs from the outside world, gathered once: streams, environment, language, output
// format, colour, the clock, the database and the prompter. Commands receive it; tests build their own.

import os from 'node:os';
import path from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { usageError } from '../domain/errors.js';
import { createTranslator, type Lang, type Translate } from '../i18n/translate.js';
import { DEFAULT_BUSY_TIMEOUT_SECONDS, describeStoreTarget, openStore, parseStoreTarget, type StoreTarget } from '../store/openStore.js';
import type { Store } from '../store/store.js';
import type { LoadedConfig } from './configFile.js';
import type { Prompter } from './prompter.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
/** A calendar (`bant nurture --format ics`): only the commands that call allowCalendarFormat take it. */
export const CALENDAR_FORMAT = 'ics';
export const FORMAT_CHOICES = [...OUTPUT_FORMATS, CALENDAR_FORMAT] as const;
const CALENDAR_COMMANDS = new WeakSet<object>();
export function allowCalendarFormat(command: object): void {
  CALENDAR_COMMANDS.add(command);
}
/** A day: SQLite's busy timeout is a 32-bit count of milliseconds. */
const MAX_BUSY_TIMEOUT_SECONDS = 86_400;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The settings file as read at start-up, and which environment variables it filled in. */
export interface ConfigInUse extends LoadedConfig {
  fromConfig: ReadonlySet<string>;
}
const NO_CONFIG: ConfigInUse = { file: '', exists: false, values: {}, problems: [], fromConfig: new Set() };

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface GlobalOptions {
  db?: string;
  format: OutputFormat | typeof CALENDAR_FORMAT;
  color: boolean;
  lang?: string;
  debug?: boolean;
}

export class Context {
  readonly t: Translate;
  format: OutputFormat | typeof CALENDAR_FORMAT = 'table';
  /** Colour for what goes to stdout (tables) and stderr (messages), each decided by its own stream. */
  out: ChalkInstance;
  err: ChalkInstance;
  private colorWanted = true;
  private dbOption: string | undefined;
  private openedStore: Store | undefined;
  private prompterInstance: Prompter | undefined;

  constructor(
    readonly io: Io,
    readonly lang: Lang,
    readonly now: () => Date = () => new Date(),
    prompter?: Prompter,
    readonly config: ConfigInUse = NO_CONFIG,
  ) {
    this.t = createTranslator(lang);
    this.prompterInstance = prompter;
    this.out = this.chalkFor(io.stdout);
    this.err = this.chalkFor(io.stderr);
  }

  /** Called once commander has parsed the global options, before any command runs. */
  applyGlobalOptions(options: GlobalOptions, command?: object): void {
    if (options.format === CALENDAR_FORMAT && !(command && CALENDAR_COMMANDS.has(command))) throw usageError('cli.calendarFormatOnly', { format: CALENDAR_FORMAT });
    this.format = options.format;
    this.colorWanted = options.color;
    this.dbOption = options.db;
    this.out = this.chalkFor(this.io.stdout);
    this.err = this.chalkFor(this.io.stderr);
  }

  /** Prompts only make sense when a person is at the keyboard: stdin and stderr (where prompts draw) are terminals. */
  get interactive(): boolean {
    return Boolean(this.io.stdin.isTTY && this.io.stderr.isTTY);
  }

  /**
   * How wide tables may be: the terminal's width, else COLUMNS, else no limit (a file or a pipe gets every
   * character; JSON and CSV are never cut).
   */
  get terminalWidth(): number | undefined {
    const stdout = this.io.stdout as { isTTY?: boolean; columns?: number };
    if (stdout.isTTY && stdout.columns) return stdout.columns;
    const fromEnv = Number(this.io.env.COLUMNS);
    return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
  }

  /** Who is acting, for the history: BANT_SDR, else the account name. */
  get actor(): string {
    if (this.io.env.BANT_SDR) return this.io.env.BANT_SDR;
    try {
      return os.userInfo().username;
    } catch {
      return 'unknown';
    }
  }

  /** `bant demo` works in a database of its own unless --db names one. */
  get dbGiven(): boolean {
    return this.dbOption !== undefined;
  }

  useDatabaseAt(target: string): void {
    if (this.openedStore) throw new Error('the database is already open');
    this.dbOption = target;
  }

  /** --db, else BANT_DB, else the default file: a SQLite path or a PostgreSQL URL. */
  get storeTarget(): StoreTarget {
    return resolveStoreTarget(this.dbOption, this.io.env);
  }

  /** The SQLite file the data lives in (undefined on PostgreSQL): an output file must never be it. */
  get dbFile(): string | undefined {
    const target = this.storeTarget;
    return target.engine === 'sqlite' ? target.path : undefined;
  }

  /** Where the data lives, fit to print (a PostgreSQL URL without its password). */
  get dbLocation(): string {
    return this.openedStore?.location ?? describeStoreTarget(this.storeTarget);
  }

  /** Opens (creating and migrating if needed) the store on first use; commands that never call it never pay. */
  async store(): Promise<Store> {
    this.openedStore ??= await openStore(this.storeTarget, { busyTimeoutSeconds: this.busyTimeoutSeconds() });
    return this.openedStore;
  }

  /** BANT_BUSY_TIMEOUT: seconds a write waits for another bant process (a long import) before giving up. */
  busyTimeoutSeconds(): number {
    const text = this.io.env.BANT_BUSY_TIMEOUT;
    if (text === undefined || text.trim() === '') return DEFAULT_BUSY_TIMEOUT_SECONDS;
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_BUSY_TIMEOUT_SECONDS) throw usageError('db.badBusyTimeout', { value: text, max: MAX_BUSY_TIMEOUT_SECONDS });
    return seconds;
  }

  async prompter(): Promise<Prompter> {
    if (!this.interactive) throw usageError('error.needsTerminal');
    if (!this.prompterInstance) {
      const { createInquirerPrompter } = await import('./prompter.js');
      this.prompterInstance = createInquirerPrompter(this.io, this.t);
    }
    return this.prompterInstance;
  }

  async close(): Promise<void> {
    const store = this.openedStore;
    this.openedStore = undefined;
    await store?.close();
  }

  /** Data goes to stdout. */
  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Messages go to stderr, so that stdout stays parseable. */
  say(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  private chalkFor(stream: { isTTY?: boolean }): ChalkInstance {
    const env = this.io.env;
    const enabled = this.colorWanted && !('NO_COLOR' in env && env.NO_COLOR !== '') && (Boolean(stream.isTTY) || Boolean(env.FORCE_COLOR && env.FORCE_COLOR !== '0'));
    return new Chalk({ level: enabled ? 1 : 0 });
  }
}

export function resolveStoreTarget(option: string | undefined, env: NodeJS.ProcessEnv): StoreTarget {
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return parseStoreTarget(option || env.BANT_DB || undefined, path.join(dataHome, 'bant', 'bant.db'));
}

