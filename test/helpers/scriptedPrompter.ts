// A Prompter that answers from a script, in order, checking each question's wording: the interview
// driven in-process, fast, without a terminal.

import { PassThrough } from 'node:stream';
import { Context } from '../../src/cli/context.js';
import type { Prompter } from '../../src/cli/prompter.js';
import { cancelled } from '../../src/domain/errors.js';

/**
 * [pattern the question must match, answer]; the answer 'CTRL-C' cancels as a person pressing Ctrl-C. A
 * function answers when the question comes (and may first look at the database, or act as a colleague).
 */
export type Step = [RegExp, string | number | boolean | (() => string | boolean | Promise<string | boolean>)];

export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  constructor(private readonly steps: Step[]) {}

  private async next(message: string): Promise<string | number | boolean> {
    this.asked.push(message);
    const step = this.steps.shift();
    if (!step) throw new Error(`unexpected question: ${message}`);
    const [pattern, answer] = step;
    if (!pattern.test(message)) throw new Error(`expected a question matching ${pattern}, got: ${message}`);
    const value = typeof answer === 'function' ? await answer() : answer;
    if (value === 'CTRL-C') throw cancelled();
    return value;
  }

  async input(question: { message: string; validate?: (value: string) => true | string }): Promise<string> {
    const value = String(await this.next(question.message));
    const verdict = question.validate?.(value) ?? true;
    if (verdict !== true) throw new Error(`the answer ${JSON.stringify(value)} was refused: ${verdict}`);
    return value;
  }

  async select<T extends string>(question: { message: string; choices: readonly { value: T; name: string }[] }): Promise<T> {
    const value = String(await this.next(question.message));
    const choice = question.choices.find((c) => c.value === value || c.name === value);
    if (!choice) throw new Error(`no choice ${value} in ${question.choices.map((c) => c.value).join(', ')}`);
    return choice.value;
  }

  async confirm(question: { message: string }): Promise<boolean> {
    return Boolean(await this.next(question.message));
  }

  async search<T extends string>(question: { message: string; source: (term: string | undefined) => readonly { value: T; name: string }[] }): Promise<T> {
    const term = String(await this.next(question.message));
    const [first] = question.source(term);
    if (!first) throw new Error(`nothing in the queue matches ${term}`);
    return first.value;
  }

  get remaining(): number {
    return this.steps.length;
  }
}

/** A Context that believes it is at a terminal, answering through `prompter`, with its output captured. */
export function terminalContext(db: string, prompter: Prompter, env: Record<string, string> = {}) {
  const tty = <T extends object>(stream: T) => Object.assign(stream, { isTTY: true });
  const stdout = new PassThrough();
  const stderr = tty(new PassThrough());
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ctx = new Context({ stdin: tty(new PassThrough()), stdout, stderr, env: { BANT_DB: db, NO_COLOR: '1', BANT_SDR: 'alice', ...env } }, 'en', () => new Date('2026-11-22T10:00:00Z'), prompter);
  return { ctx, output: () => out, messages: () => err };
}
