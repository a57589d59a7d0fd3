import { usageError } from '../domain/errors.js';

/**
 * A count typed on the command line (--limit, --offset, --older-than): a whole number that JavaScript and
 * SQLite both hold exactly. Anything else, 99999999999999999999 included, is a usage error (exit 2).
 */
export function parseCount(option: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw usageError('cli.notACount', { option, value: text });
  const count = Number(text.trim());
  if (!Number.isSafeInteger(count)) throw usageError('cli.countTooLarge', { option, value: text, max: Number.MAX_SAFE_INTEGER });
  return count;
}
