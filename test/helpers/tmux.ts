// Drives the built binary in a real pseudo-terminal through tmux, typing as a person types.

import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BANT_BIN } from './runBant.js';


const RECORD_EXIT = fileURLToPath(new URL('./recordExit.mjs', import.meta.url));
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export class TmuxSession {
  private readonly socket = `bant-test-${randomUUID().slice(0, 8)}`;

  /** With `recordExitTo`, how bant ended is written to that file, even if the terminal closes first. */
  constructor(args: string[], env: Record<string, string>, options: { width?: number; height?: number; recordExitTo?: string } = {}) {
    const assignments = Object.entries({ NO_COLOR: '1', LANG: 'C.UTF-8', BANT_SDR: 'tester', ...env }).map(([key, value]) => `${key}=${shellQuote(value)}`);
    const bant = [process.execPath, BANT_BIN, ...args];
    const run = options.recordExitTo ? [process.execPath, RECORD_EXIT, options.recordExitTo, ...bant] : bant;
    // The exit code is printed after bant ends, and the pane is kept so the test can read it.
    const command = `env ${assignments.join(' ')} ${run.map(shellQuote).join(' ')}; echo "[exit $?]"; sleep 30`;
    this.tmux('new-session', '-d', '-s', 'bant', '-x', String(options.width ?? 120), '-y', String(options.height ?? 40), command);
  }

  /** Keys as tmux names them: 'Enter', 'Down', 'C-c', or literal text with `type`. */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'bant', ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 'bant', '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'bant');
  }

  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the screen was:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async exitCode(): Promise<number> {
    const screen = await this.waitFor(/\[exit \d+\]/);
    return Number(/\[exit (\d+)\]/.exec(screen)![1]);
  }

  /** Closes the terminal under the running program, as closing its window does: the pty hangs up. */
  hangUp(): void {
    this.kill();
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}

/** Waits for the file a session with `recordExitTo` writes when bant has ended. */
export async function recordedExit(file: string, timeoutMs = 15_000): Promise<{ code: number | null; signal: string | null }> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file) || fs.statSync(file).size === 0) {
    if (Date.now() > deadline) throw new Error('bant did not end after its terminal closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { code: number | null; signal: string | null };
}
