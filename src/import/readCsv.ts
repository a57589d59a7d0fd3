// Reads a lead list as it arrives: bytes → text (in the detected encoding) → CSV records with their line
// numbers, handed one by one to synchronous handlers. Push-based and synchronous, so that it runs the same
// in the import's worker thread and inline, and memory stays flat: one chunk and its rows at a time.
//
// Without a byte order mark or --encoding, a file is UTF-8 or Windows-1252, and the file as a whole
// decides, not its first 64 KB: UTF-8 text anywhere makes it UTF-8 (rows with stray bytes are then
// rejected with their line); stray bytes and no UTF-8 text at all make it Windows-1252 (every other byte
// is ASCII, which reads the same either way, so nothing is garbled). Rows from the first stray byte on wait
// until the file has told (at most HELD_ROWS of them), so the decision does not depend on where it sits.

import Papa from 'papaparse';
import { invalidInput } from '../domain/errors.js';
import { escapedBytes, escapesToWindows1252, hasEscapedBytes, hasUtf8Text, Utf32Decoder, Utf8Decoder, Windows1252Decoder } from './decodeText.js';
import type { EncodingOption } from './importChoices.js';
import { detectDelimiter, detectEncoding, type Encoding } from './sniffCsv.js';

const SAMPLE_BYTES = 64 * 1024;
/** Bytes decoded and parsed at a time. */
const PIECE_BYTES = 32 * 1024;
/** Rows kept back while a file has shown stray bytes but no UTF-8 text yet; past this, it is Windows-1252. */
const HELD_ROWS = 10_000;
/** A record longer than this is a quote left open, not a lead: reading stops before memory runs out. */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;

export interface CsvReading {
  headers: string[];
  delimiter: string;
  encoding: Encoding;
}

export interface CsvHandlers {
  header(reading: CsvReading): void;
  /** `line` is where the record starts, counting the header as line 1. */
  record(fields: string[], line: number): void;
  /** A row with bytes that are not UTF-8 in a UTF-8 file: `column` is the first field holding some. */
  undecodable(fields: string[], line: number, problem: { bytes: string; column: number }): void;
}

/** How rows are read: as decoded, as Windows-1252, or not known yet (rows with stray bytes wait). */
type RowEncoding = 'as-decoded' | 'undecided' | 'windows-1252';

interface HeldRow {
  fields: string[];
  line: number;
  escaped: boolean;
}

export class CsvReader {
  private sample: Uint8Array[] = [];
  private sampleLength = 0;
  private decode: ((bytes: Uint8Array, last: boolean) => string) | undefined;
  private utf8: Utf8Decoder | undefined;
  private delimiter = ',';
  private encoding: Encoding = 'utf-8';
  private rowEncoding: RowEncoding = 'as-decoded';
  private held: HeldRow[] = [];
  private firstStrayLine: number | undefined;
  private parser: Papa.Parser | undefined;
  private partial = '';
  private partialHasQuote = false;
  private heldCr = '';
  private hasCarriageReturns = false;
  private headers: string[] | undefined;
  private line = 1;
  bytesRead = 0;

  constructor(
    private readonly options: { delimiter?: string; encoding?: EncodingOption },
    private readonly handlers: CsvHandlers,
  ) {}

  push(bytes: Uint8Array): void {
    // In pieces: the text of a piece this size is an ordinary string for V8, where that of a whole chunk (a
    // file is read 256 KB at a time) would be a large object, fresh memory from the system every time. That
    // made decoding a million rows five times slower.
    for (let offset = 0; offset < bytes.length; offset += PIECE_BYTES) this.pushPiece(bytes.subarray(offset, offset + PIECE_BYTES));
  }

  private pushPiece(bytes: Uint8Array): void {
    this.bytesRead += bytes.length;
    if (this.decode) return this.parseText(this.toLf(this.decode(bytes, false), false), false);
    this.sample.push(bytes);
    this.sampleLength += bytes.length;
    if (this.sampleLength >= SAMPLE_BYTES) this.start(false);
  }

  end(): void {
    if (!this.decode) this.start(true);
    else this.parseText(this.toLf(this.decode(new Uint8Array(0), true), true), true);
    if (!this.headers) throw invalidInput('import.noHeader');
    // The whole file read, stray bytes and never any UTF-8 text: it was Windows-1252.
    if (this.rowEncoding === 'undecided') this.settle('windows-1252');
  }

  /** Learns the encoding and the delimiter from the first bytes, then reads them. */
  private start(last: boolean): void {
    const sample = Buffer.concat(this.sample);
    this.sample = [];
    const { encoding, bomLength } = detectEncoding(sample, this.options.encoding);
    this.encoding = encoding;
    this.decode = this.decoderFor(encoding);
    const text = this.decode(sample.subarray(bomLength), last);
    this.delimiter = this.options.delimiter ?? detectDelimiter(text);
    this.hasCarriageReturns = text.includes('\r');
    this.parser = new Papa.Parser({ delimiter: this.delimiter, newline: '\n' });
    this.parseText(this.toLf(text, last), last);
  }

  private decoderFor(encoding: Encoding): (bytes: Uint8Array, last: boolean) => string {
    switch (encoding) {
      case 'auto':
      case 'utf-8': {
        this.rowEncoding = encoding === 'auto' ? 'undecided' : 'as-decoded';
        const utf8 = (this.utf8 = new Utf8Decoder());
        return (bytes, last) => utf8.decode(bytes, last).text;
      }
      case 'windows-1252': {
        const latin1 = new Windows1252Decoder();
        return (bytes, last) => latin1.decode(bytes, last);
      }
      case 'utf-32le':
      case 'utf-32be': {
        const utf32 = new Utf32Decoder(encoding === 'utf-32le');
        return (bytes, last) => utf32.decode(bytes, last) ?? cannotDecode(encoding);
      }
      default: {
        const utf16 = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
        return (bytes, last) => {
          try {
            return utf16.decode(bytes, { stream: !last });
          } catch {
            return cannotDecode(encoding);
          }
        };
      }
    }
  }

  /**
   * papaparse takes one line ending for the whole file; files mix them (an Excel header, rows from a
   * script), so CRLF and lone CR become LF, a CR at a chunk's end waiting for the next chunk.
   */
  private toLf(text: string, last: boolean): string {
    if (!this.hasCarriageReturns) return text;
    let joined = this.heldCr + text;
    this.heldCr = '';
    if (!last && joined.endsWith('\r')) {
      this.heldCr = '\r';
      joined = joined.slice(0, -1);
    }
    return joined.replace(/\r\n?/g, '\n');
  }

  /** papaparse's Parser says where the last complete row ended; the rest waits for the next chunk. */
  private parseText(piece: string, last: boolean): void {
    // A record already over a megabyte inside an open quote cannot end in a piece without a quote:
    // keep it for later rather than parse the whole record again for every chunk of a huge field.
    if (!last && this.partialHasQuote && !piece.includes('"')) {
      this.partial += piece;
      if (this.partial.length > MAX_RECORD_CHARS) throw invalidInput('import.recordTooLong', { line: this.line, max: MAX_RECORD_CHARS });
      return;
    }
    const text = this.partial + piece;
    const result = this.parser!.parse(text, 0, !last) as { data: string[][]; errors: { code: string; row: number }[]; meta: { cursor: number } };
    this.partial = last ? '' : text.slice(result.meta.cursor);
    this.partialHasQuote = this.partial.length > 1_000_000 && this.partial.includes('"');
    if (this.partial.length > MAX_RECORD_CHARS) throw invalidInput('import.recordTooLong', { line: this.line, max: MAX_RECORD_CHARS });
    const unclosed = result.errors.find((error) => error.code === 'MissingQuotes');
    // Looking into each row costs; only a text that holds stray bytes, or non-ASCII while undecided, needs it.
    const mayHoldEscapes = Boolean(this.utf8?.sawEscapes) && hasEscapedBytes(text);
    const mayTell = this.rowEncoding !== 'as-decoded' && hasUtf8Text(text, mayHoldEscapes);
    const rows = result.data;
    for (let index = 0; index < rows.length; index++) {
      const fields = rows[index]!;
      const start = this.line;
      this.line += 1 + countLineBreaks(fields);
      if (unclosed?.row === index) throw invalidInput('import.unclosedQuote', { line: start });
      if (fields.length === 1 && fields[0] === '') continue; // an empty line
      const escaped = mayHoldEscapes && fields.some(hasEscapedBytes);
      const utf8 = mayTell && fields.some((field) => hasUtf8Text(field, escaped));
      if (!this.headers) this.readHeader(fields, utf8);
      else if (!escaped && this.rowEncoding === 'as-decoded') this.handlers.record(fields, start); // nearly every row
      else this.route({ fields, line: start, escaped }, utf8);
    }
  }

  /** A header is never rejected: its stray bytes are read as Windows-1252 ("Soci\xe9t\xe9" is Société). */
  private readHeader(fields: string[], utf8: boolean): void {
    if (utf8 && this.rowEncoding === 'undecided') this.rowEncoding = 'as-decoded';
    this.headers = fields.map((field) => (hasEscapedBytes(field) ? escapesToWindows1252(field) : field));
    this.handlers.header({ headers: this.headers, delimiter: this.delimiter, encoding: this.encoding });
  }

  private route(row: HeldRow, utf8: boolean): void {
    if (row.escaped) this.firstStrayLine ??= row.line;
    if (this.rowEncoding === 'undecided') {
      if (utf8) this.settle('as-decoded');
      else if (row.escaped || this.held.length > 0) {
        this.held.push(row); // in file order, so rows are written in the order they came
        if (this.held.length >= HELD_ROWS) this.settle('windows-1252');
        return;
      }
    }
    if (this.rowEncoding === 'windows-1252' && utf8) {
      throw invalidInput('import.mixedEncodings', { latin1Line: this.firstStrayLine ?? row.line, utf8Line: row.line });
    }
    this.emit(row);
  }

  /** The file has told: rows held so far go out the way it says. */
  private settle(encoding: Exclude<RowEncoding, 'undecided'>): void {
    this.rowEncoding = encoding;
    const held = this.held;
    this.held = [];
    for (const row of held) this.emit(row);
  }

  private emit({ fields, line, escaped }: HeldRow): void {
    if (!escaped) return this.handlers.record(fields, line);
    if (this.rowEncoding === 'windows-1252') return this.handlers.record(fields.map(escapesToWindows1252), line);
    const column = fields.findIndex(hasEscapedBytes);
    this.handlers.undecodable(fields, line, { bytes: escapedBytes(fields[column]!), column });
  }
}

function cannotDecode(encoding: Encoding): never {
  throw invalidInput('import.cannotDecode', { encoding });
}

function countLineBreaks(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    if (!field.includes('\n')) continue;
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  }
  return count;
}
