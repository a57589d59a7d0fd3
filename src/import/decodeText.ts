// Bytes → text for lead lists, chunk by chunk. UTF-8 is decoded so that nothing is lost: a byte that is not
// part of valid UTF-8 becomes a lone surrogate U+DC80-U+DCFF (as Python's "surrogateescape" does), which
// valid UTF-8 can never produce. The rows that hold one can then be told apart after parsing, and either
// rejected (the file is UTF-8 with a few stray bytes) or read as Windows-1252 (the file is Latin-1), with
// the same result wherever in the file the stray bytes sit. Pure: no I/O.

import { fixWindows1252 } from './sniffCsv.js';

/** A byte that was not UTF-8, as the decoder keeps it. Matches only lone surrogates thanks to the u flag. */
const ESCAPE = /[\uDC80-\uDCFF]/u;
const ESCAPES = /[\uDC80-\uDCFF]/gu;
/** Text that only UTF-8 gives: a character beyond ASCII that is not an escaped byte. */
const UTF8_ONLY = /[\u0080-\uDC7F\uDD00-\u{10FFFF}]/u;
const NOT_ASCII = /[\u0080-\u{10FFFF}]/u;

export function hasEscapedBytes(text: string): boolean {
  return ESCAPE.test(text);
}

/** Whether `text` (decoded by Utf8Decoder) holds characters that only a UTF-8 file can hold. */
export function hasUtf8Text(text: string, mayHoldEscapes: boolean): boolean {
  return mayHoldEscapes ? UTF8_ONLY.test(text) : NOT_ASCII.test(text);
}

/** The bytes a text's escapes stand for, as they appear in messages: "0x92 0xE9". */
export function escapedBytes(text: string, limit = 4): string {
  const bytes = [...text.matchAll(ESCAPES)].slice(0, limit).map((match) => `0x${(match[0].charCodeAt(0) - 0xdc00).toString(16).toUpperCase()}`);
  return bytes.join(' ');
}

/** The text read as Windows-1252 would have given: each escaped byte becomes its Windows-1252 character. */
export function escapesToWindows1252(text: string): string {
  return fixWindows1252(text.replace(ESCAPES, (char) => String.fromCharCode(char.charCodeAt(0) - 0xdc00)));
}

/** The text with each escaped byte as U+FFFD, for places that must hold valid text (a rejects file). */
export function escapesToReplacement(text: string): string {
  return text.replace(ESCAPES, '\uFFFD');
}

/** UTF-8 → text, escaping invalid bytes; a character cut at a chunk's end waits for the next chunk. */
export class Utf8Decoder {
  private held: Uint8Array = new Uint8Array(0);
  private readonly strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Whether any chunk so far held an invalid byte: only then can a row hold an escape. */
  sawEscapes = false;

  decode(bytes: Uint8Array, last: boolean): { text: string; escapes: boolean } {
    const data = this.held.length ? concat(this.held, bytes) : bytes;
    const cut = last ? data.length : completeLength(data);
    this.held = Uint8Array.prototype.slice.call(data, cut); // a copy: the chunk itself can go
    const whole = data.subarray(0, cut);
    try {
      return { text: this.strict.decode(whole), escapes: false }; // the fast path: valid UTF-8, decoded natively
    } catch {
      this.sawEscapes = true;
      return { text: decodeEscaping(whole, this.strict), escapes: true };
    }
  }
}

/** UTF-32 (with its byte order mark) → text: TextDecoder does not know it, and UTF-16 would misread it. */
export class Utf32Decoder {
  private held: Uint8Array = new Uint8Array(0);

  constructor(private readonly littleEndian: boolean) {}

  /** Undefined for a code point that does not exist (the file is not UTF-32 after all). */
  decode(bytes: Uint8Array, last: boolean): string | undefined {
    const data = this.held.length ? concat(this.held, bytes) : bytes;
    const whole = data.length - (data.length % 4);
    if (last && whole !== data.length) return undefined;
    this.held = Uint8Array.prototype.slice.call(data, whole);
    const view = new DataView(data.buffer, data.byteOffset, whole);
    const parts: string[] = [];
    for (let offset = 0; offset < whole; offset += 4) {
      const codePoint = view.getUint32(offset, this.littleEndian);
      if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
      parts.push(String.fromCodePoint(codePoint));
    }
    return parts.join('');
  }
}

/** Windows-1252 (what "Latin-1" files from Excel are) → text. */
export class Windows1252Decoder {
  private readonly decoder = new TextDecoder('windows-1252');

  decode(bytes: Uint8Array, last: boolean): string {
    return fixWindows1252(this.decoder.decode(bytes, { stream: !last }));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/** The length of `data` without a UTF-8 sequence begun in its last bytes and not finished. */
function completeLength(data: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, data.length); back++) {
    const byte = data[data.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? data.length - back : data.length;
  }
  return data.length;
}

/** How many bytes the valid UTF-8 sequence at `i` takes, or 0 if the byte there starts none. */
function sequenceLength(data: Uint8Array, i: number): number {
  const b = data[i]!;
  const cont = (k: number, low = 0x80, high = 0xbf) => i + k < data.length && data[i + k]! >= low && data[i + k]! <= high;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // not the surrogates
  if (b >= 0xe1 && b <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** The slow path, for a chunk with invalid bytes: valid runs decoded natively, each invalid byte escaped. */
function decodeEscaping(data: Uint8Array, strict: { decode(bytes: Uint8Array): string }): string {
  const parts: string[] = [];
  let runStart = 0;
  for (let i = 0; i < data.length; ) {
    const length = sequenceLength(data, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (i > runStart) parts.push(strict.decode(data.subarray(runStart, i)));
    parts.push(String.fromCharCode(0xdc00 + data[i]!));
    i++;
    runStart = i;
  }
  if (runStart < data.length) parts.push(strict.decode(data.subarray(runStart)));
  return parts.join('');
}
