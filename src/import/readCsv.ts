// Streams a lead list: bytes → text (in the detected encoding) → CSV records with their line numbers,
// handed one by one to a synchronous callback. Memory stays flat whatever the file's size: one chunk
// and one record are held at a time, and the callback's work paces the reading.

import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { invalidInput } from '../domain/errors.js';
import { detectDelimiter, detectEncoding, type Encoding, type EncodingOption } from './sniffCsv.js';

const SAMPLE_BYTES = 64 * 1024;

export interface CsvReading {
  headers: string[];
  delimiter: string;
  encoding: Encoding;
  /** Bytes read from the source so far, for the progress bar. */
  bytesRead(): number;
}

export interface CsvHandlers {
  header(reading: CsvReading): void;
  /** `line` is where the record starts, counting the header as line 1. */
  record(fields: string[], line: number): void;
}

export async function readCsv(
  input: AsyncIterable<Uint8Array>,
  options: { delimiter?: string; encoding?: EncodingOption },
  handlers: CsvHandlers,
): Promise<void> {
  const iterator = input[Symbol.asyncIterator]();
  let bytesRead = 0;
  const head: Buffer[] = [];
  let done = false;
  while (bytesRead < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(Buffer.from(next.value));
    bytesRead += next.value.length;
  }
  const sample = Buffer.concat(head);
  const { encoding, bomLength } = detectEncoding(sample, options.encoding);
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw invalidInput(encoding === 'utf-8' ? 'import.notUtf8' : 'import.cannotDecode', { encoding });
    }
  };
  const firstText = decode(sample.subarray(bomLength), !done);
  const delimiter = options.delimiter ?? detectDelimiter(firstText);
  // papaparse takes one line ending for the whole file; files mix them (an Excel header, rows from a
  // script), so CRLF and lone CR become LF here, a CR at a chunk's end waiting for the next chunk.
  const hasCarriageReturns = firstText.includes('\r');
  let heldCr = '';
  const toLf = (text: string, last: boolean): string => {
    if (!hasCarriageReturns) return text;
    let joined = heldCr + text;
    heldCr = '';
    if (!last && joined.endsWith('\r')) {
      heldCr = '\r';
      joined = joined.slice(0, -1);
    }
    return joined.replace(/\r\n?/g, '\n');
  };

  async function* text(): AsyncGenerator<string> {
    const first = toLf(firstText, done);
    if (first) yield first;
    while (!done) {
      const next = await iterator.next();
      if (next.done) break;
      bytesRead += next.value.length;
      const piece = toLf(decode(next.value, true), false);
      if (piece) yield piece;
    }
    const rest = toLf(decode(new Uint8Array(0), false), true);
    if (rest) yield rest;
  }

  let headers: string[] | undefined;
  let line = 1;
  let failure: unknown;
  await new Promise<void>((resolve, reject) => {
    const source = Readable.from(text());
    source.on('error', (error) => {
      failure ??= error;
    });
    Papa.parse<string[]>(source as unknown as File, {
      delimiter,
      newline: '\n',
      skipEmptyLines: false,
      step(result, parser) {
        const fields = result.data;
        const start = line;
        line += 1 + countLineBreaks(fields);
        try {
          if (result.errors.some((error) => error.code === 'MissingQuotes')) throw invalidInput('import.unclosedQuote', { line: start });
          if (fields.length === 1 && fields[0] === '') return; // an empty line
          if (!headers) {
            headers = fields;
            handlers.header({ headers, delimiter, encoding, bytesRead: () => bytesRead });
          } else {
            handlers.record(fields, start);
          }
        } catch (error) {
          failure = error;
          parser.abort();
        }
      },
      complete: () => (failure ? reject(failure) : resolve()),
      error: (error: Error) => reject(failure ?? error),
    });
  });
  if (!headers) throw invalidInput('import.noHeader');
}

function countLineBreaks(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    if (!field.includes('\n')) continue;
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  }
  return count;
}
