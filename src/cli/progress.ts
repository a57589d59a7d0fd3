// A one-line progress report on stderr, redrawn in place, only when stderr is a terminal: piped or
// redirected runs get no control characters in their logs.

import type { Context } from './context.js';

export interface Progress {
  update(rows: number, bytesRead: number): void;
  done(): void;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 24;

/** `key` words the count: rows read by default, `{count}` and `{rate}` given (and `rows`, the number). */
export function createProgress(ctx: Context, totalBytes: number | undefined, key = 'import.progress'): Progress {
  const stream = ctx.io.stderr;
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  const numbers = new Intl.NumberFormat(ctx.lang);
  return {
    update(rows, bytesRead) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = numbers.format(Math.round(rows / seconds));
      let bar = '';
      if (totalBytes) {
        const share = Math.min(bytesRead / totalBytes, 1);
        const filled = Math.round(share * BAR_WIDTH);
        bar = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  `;
      }
      stream.write(`\r${bar}${ctx.t(key, { count: numbers.format(rows), rows, rate })}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}
