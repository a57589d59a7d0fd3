// Reads a lead list as it arrives: bytes → text (in the detected encoding) → CSV records with their line
// numbers, handed one by one to synchronous handlers. Push-based and synchronous, so that it runs the same
// in the import's worker thread and inline, and memory stays flat: one chunk and its rows at a time.

import Papa from 'papaparse';
import { invalidInput } from '../domain/errors.js';
import type { EncodingOption } from './importChoices.js';
import { detectDelimiter, detectEncoding, fixWindows1252, type Encoding } from './sniffCsv.js';

const SAMPLE_BYTES = 64 * 1024;
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
}

export class CsvReader {
  private sample: Uint8Array[] = [];
  private sampleLength = 0;
  private decode: ((bytes: Uint8Array, stream: boolean) => string) | undefined;
  private delimiter = ',';
  private encoding: Encoding = 'utf-8';
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
    this.bytesRead += bytes.length;
    if (this.decode) return this.parseText(this.toLf(this.decode(bytes, true), false), false);
    this.sample.push(bytes);
    this.sampleLength += bytes.length;
    if (this.sampleLength >= SAMPLE_BYTES) this.start(false);
  }

  end(): void {
    if (!this.decode) this.start(true);
    else this.parseText(this.toLf(this.decode(new Uint8Array(0), false), true), true);
    if (!this.headers) throw invalidInput('import.noHeader');
  }

  /** Learns the encoding and the delimiter from the first bytes, then reads them. */
  private start(last: boolean): void {
    const sample = Buffer.concat(this.sample);
    this.sample = [];
    const { encoding, bomLength } = detectEncoding(sample, this.options.encoding);
    this.encoding = encoding;
    const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    this.decode = (bytes, stream) => {
      try {
        const text = decoder.decode(bytes, { stream });
        return encoding === 'windows-1252' ? fixWindows1252(text) : text;
      } catch {
        throw invalidInput(encoding === 'utf-8' ? 'import.notUtf8' : 'import.cannotDecode', { encoding });
      }
    };
    const text = this.decode(sample.subarray(bomLength), !last);
    this.delimiter = this.options.delimiter ?? detectDelimiter(text);
    this.hasCarriageReturns = text.includes('\r');
    this.parser = new Papa.Parser({ delimiter: this.delimiter, newline: '\n' });
    this.parseText(this.toLf(text, last), last);
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
    const rows = result.data;
    for (let index = 0; index < rows.length; index++) {
      const fields = rows[index]!;
      const start = this.line;
      this.line += 1 + countLineBreaks(fields);
      if (unclosed?.row === index) throw invalidInput('import.unclosedQuote', { line: start });
      if (fields.length === 1 && fields[0] === '') continue; // an empty line
      if (!this.headers) {
        this.headers = fields;
        this.handlers.header({ headers: fields, delimiter: this.delimiter, encoding: this.encoding });
      } else {
        this.handlers.record(fields, start);
      }
    }
  }
}

function countLineBreaks(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    if (!field.includes('\n')) continue;
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  }
  return count;
}
