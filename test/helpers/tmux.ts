// Drives the built binary in a real pseudo-terminal through tmux, typing as a person types.

import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { BANT_BIN } from './runBant.js';

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export class TmuxSession {
  private readonly socket = `bant-test-${randomUUID().slice(0, 8)}`;

  constructor(args: string[], env: Record<string, string>, size: { width: number; height: number } = { width: 120, height: 40 }) {
    const assignments = Object.entries({ NO_COLOR: '1', LANG: 'C.UTF-8', BANT_SDR: 'tester', ...env }).map(([key, value]) => `${key}=${shellQuote(value)}`);
    // The exit code is printed after bant ends, and the pane is kept so the test can read it.
    const command = `env ${assignments.join(' ')} ${shellQuote(process.execPath)} ${shellQuote(BANT_BIN)} ${args.map(shellQuote).join(' ')}; echo "[exit $?]"; sleep 30`;
    this.tmux('new-session', '-d', '-s', 'bant', '-x', String(size.width), '-y', String(size.height), command);
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

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}
