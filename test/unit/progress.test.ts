import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { Context } from '../../src/cli/context.js';
import { createProgress } from '../../src/cli/progress.js';

function contextWithStderr(isTTY: boolean) {
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let written = '';
  stderr.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const ctx = new Context({ stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {} }, 'en');
  return { ctx, written: () => written };
}

describe('the import progress bar', () => {
  it('draws rows, rate and share of the file in place on a terminal, and clears itself', () => {
    vi.useFakeTimers();
    const { ctx, written } = contextWithStderr(true);
    const progress = createProgress(ctx, 1000);
    vi.advanceTimersByTime(1000);
    progress.update(5000, 500);
    progress.done();
    vi.useRealTimers();
    const clearLine = '\u001b[K';
    expect(written().startsWith(`\r[${'█'.repeat(12)}${'░'.repeat(12)}]  50%  5,000 rows (`)).toBe(true);
    expect(written()).toContain(`rows/s)${clearLine}`);
    expect(written().endsWith(`\r${clearLine}`)).toBe(true);
  });

  it('writes nothing when stderr is not a terminal', () => {
    const { ctx, written } = contextWithStderr(false);
    const progress = createProgress(ctx, 1000);
    progress.update(5000, 500);
    progress.done();
    expect(written()).toBe('');
  });
});
