// Looking at the first bytes of a lead list to learn how to read it: its encoding and its delimiter.
// Pure functions over a sample; the reader applies what they find to the whole file.

import { invalidInput, usageError } from '../domain/errors.js';

import type { EncodingOption } from './importChoices.js';
/**
 * WHATWG names (what TextDecoder takes), and "auto": UTF-8 unless the file shows it is Windows-1252, decided
 * row by row as the file is read (see readCsv.ts). "latin1" files from Excel are really Windows-1252 (€, ’, œ).
 */
export type Encoding = 'auto' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** A byte order mark decides; then --encoding; else "auto". Binary files are refused here. */
export function detectEncoding(sample: Uint8Array, requested?: EncodingOption): { encoding: Encoding; bomLength: number } {
  const [b0, b1, b2, b3] = sample;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  // UTF-32's marks first: FF FE 00 00 begins like UTF-16's FF FE.
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', bomLength: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', bomLength: 4 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (looksBinary(sample)) throw invalidInput('import.binary');
  if (requested) return { encoding: requested === 'utf8' ? 'utf-8' : 'windows-1252', bomLength: 0 };
  return { encoding: 'auto', bomLength: 0 };
}

/** NUL bytes, or many control characters, mean this is not text (a spreadsheet's .xlsx, an image…). */
function looksBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) controls++;
  }
  return sample.length > 0 && controls / sample.length > 0.01;
}

/** The candidate found most often outside quotes on the header line; a comma when none is. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [delimiter, count] of counts) {
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

/** `--delimiter` takes the character itself, or "tab". */
export function parseDelimiterOption(text: string): string {
  if (text === 'tab' || text === '\\t') return '\t';
  if (text.length !== 1 || /[\s"a-zA-Z0-9]/.test(text.replace('\t', ''))) throw usageError('import.badDelimiter', { value: text });
  return text;
}

// Windows-1252 puts printable characters (€, ‘ ’, “ ”, œ, Œ, …) where Latin-1 has control codes. Node's
// TextDecoder('windows-1252') decodes those bytes as the control codes (Node 20), so they are mapped here.
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function fixWindows1252(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]!) : text;
}
