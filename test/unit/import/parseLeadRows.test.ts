// The CSV quirks of PRODUCT.md's "Import", each in a small fixture written here, read whole and in
// chunks as small as one byte (chunk boundaries must never change a result).

import { describe, expect, it } from 'vitest';
import { BantError } from '../../../src/domain/errors.js';
import { CsvReader } from '../../../src/import/readCsv.js';
import { LeadRowParser, PACKED, PACKED_STRIDE, packedFieldValues } from '../../../src/import/parseLeadRows.js';

function readAll(input: Uint8Array | string, chunkSize = Infinity, options = {}) {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const records: [number, string[]][] = [];
  let header: { headers: string[]; delimiter: string; encoding: string } | undefined;
  const undecodable: [number, string][] = [];
  const reader = new CsvReader(options, {
    header: (reading) => (header = reading),
    record: (fields, line) => records.push([line, fields]),
    undecodable: (_fields, line, problem) => undecodable.push([line, problem.bytes]),
  });
  for (let i = 0; i < bytes.length; i += Math.min(chunkSize, bytes.length)) reader.push(bytes.subarray(i, i + chunkSize));
  reader.end();
  return { header, records, undecodable };
}

const chunkings = [Infinity, 1, 3, 7];

describe('reading CSV', () => {
  it.each(chunkings)('reads quoted delimiters, line breaks and doubled quotes (chunks of %d)', (size) => {
    const text = 'email,company,notes\r\na@b.co,"Dupont, Fils & Cie","said ""call me""\r\nnext week"\r\nc@d.co,Acme,plain\r\n';
    expect(readAll(text, size).records).toEqual([
      [2, ['a@b.co', 'Dupont, Fils & Cie', 'said "call me"\nnext week']],
      [4, ['c@d.co', 'Acme', 'plain']],
    ]);
  });

  it.each(chunkings)('drops the BOM and reads a file without a final newline (chunks of %d)', (size) => {
    const { header, records } = readAll('\ufeffemail;prénom\nh@d.fr;Hélène', size);
    expect(header).toMatchObject({ headers: ['email', 'prénom'], delimiter: ';', encoding: 'utf-8' });
    expect(records).toEqual([[2, ['h@d.fr', 'Hélène']]]);
  });

  it.each(chunkings)('reads Windows-1252 with accents and the euro sign (chunks of %d)', (size) => {
    const bytes = Buffer.from('Pr\xe9nom;Soci\xe9t\xe9\nH\xe9l\xe8ne;Caf\xe9 \x80\n', 'latin1');
    const { header, records } = readAll(bytes, size);
    expect(header).toMatchObject({ headers: ['Prénom', 'Société'], encoding: 'auto' });
    expect(records).toEqual([[2, ['Hélène', 'Café €']]]);
  });

  it('reads UTF-16 with its byte order mark (Excel "Unicode text")', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\tname\r\na@b.co\tÉmile\r\n', 'utf16le')]);
    expect(readAll(bytes, 5).records).toEqual([[2, ['a@b.co', 'Émile']]]);
  });

  it('skips empty lines and counts them in line numbers, whatever the line endings', () => {
    expect(readAll('email\r\n\r\na@b.co\n\nc@d.co\rd@e.co\n').records).toEqual([
      [3, ['a@b.co']],
      [5, ['c@d.co']],
      [6, ['d@e.co']],
    ]);
  });

  it('keeps a trailing delimiter as an empty last field', () => {
    expect(readAll('Prospect ID,Country,\nabc-1,India,\n').records).toEqual([[2, ['abc-1', 'India', '']]]);
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(readAll('title,size\nscreen 5" wide,2\n').records).toEqual([[2, ['screen 5" wide', '2']]]);
  });

  it('refuses an unterminated quote, naming the line it opens on', () => {
    expect(() => readAll('email,notes\na@b.co,"never closed\nc@d.co,x\n')).toThrow(expect.objectContaining({ key: 'import.unclosedQuote', params: { line: 2 } }));
  });

  it('refuses an empty file', () => {
    expect(() => readAll('')).toThrow(expect.objectContaining({ key: 'import.noHeader' }));
  });
});

describe('UTF-8 or Windows-1252: the whole file decides, wherever its stray bytes sit', () => {
  const utf8Rows = (count: number) => Array.from({ length: count }, (_, i) => `l${i}@énergies.fr,Énergies Vertes ${i}\n`).join('');
  const asciiRows = (count: number) => Array.from({ length: count }, (_, i) => `l${i}@acme.io,Acme ${i}\n`).join('');
  const stray = (text: string) => Buffer.concat([Buffer.from('email,company\n'), Buffer.from(text, 'latin1')]);
  const bytesOf = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));

  it.each(chunkings)('a UTF-8 list with one stray byte in its last row, past the first 64 KB: that row is rejected (chunks of %d)', (size) => {
    const file = bytesOf('email,company\n', utf8Rows(2000), Buffer.from('last@x.fr,Caf\x92 du port\n', 'latin1'));
    expect(file.length).toBeGreaterThan(64 * 1024);
    const { records, undecodable } = readAll(file, size === Infinity ? Infinity : size * 4096);
    expect(records).toHaveLength(2000);
    expect(records[0]).toEqual([2, ['l0@énergies.fr', 'Énergies Vertes 0']]);
    expect(undecodable).toEqual([[2002, '0x92']]);
  });

  it.each(chunkings)('the same stray byte in the first row: the same decision (chunks of %d)', (size) => {
    const file = bytesOf('email,company\n', Buffer.from('first@x.fr,Caf\x92 du port\n', 'latin1'), utf8Rows(1500));
    const { records, undecodable } = readAll(file, size === Infinity ? Infinity : size * 4096);
    expect(records).toHaveLength(1500);
    expect(records[0]).toEqual([3, ['l0@énergies.fr', 'Énergies Vertes 0']]);
    expect(undecodable).toEqual([[2, '0x92']]);
  });

  it.each(chunkings)('an ASCII list with stray bytes and no UTF-8 at all is Windows-1252, early or late: nothing to garble (chunks of %d)', (size) => {
    const early = readAll(stray(`a@b.co,O\x92Brien & Fils\n${asciiRows(3000)}`), size === Infinity ? Infinity : size * 4096);
    const late = readAll(stray(`${asciiRows(3000)}a@b.co,O\x92Brien & Fils\n`), size === Infinity ? Infinity : size * 4096);
    expect(early.records[0]).toEqual([2, ['a@b.co', 'O’Brien & Fils']]);
    expect(late.records.at(-1)).toEqual([3002, ['a@b.co', 'O’Brien & Fils']]);
    expect([early.undecodable, late.undecodable]).toEqual([[], []]);
    expect(early.records.map(([line]) => line)).toEqual([...early.records.map(([line]) => line)].sort((a, b) => a - b)); // in file order
  });

  it('a stray byte, then UTF-8 text only after more rows than are held back: refused, naming both lines', () => {
    const file = bytesOf('email,company\n', Buffer.from('a@b.co,Caf\xe9\n', 'latin1'), asciiRows(10_000), 'z@z.fr,Société\n');
    expect(() => readAll(file, 65_536)).toThrow(expect.objectContaining({ key: 'import.mixedEncodings', params: { latin1Line: 2, utf8Line: 10_003 } }));
  });

  it('--encoding utf8 rejects stray bytes even with no UTF-8 text; --encoding latin1 reads them', () => {
    const file = stray('a@b.co,Caf\xe9\nb@c.co,Acme\n');
    expect(readAll(file, Infinity, { encoding: 'utf8' })).toMatchObject({ records: [[3, ['b@c.co', 'Acme']]], undecodable: [[2, '0xE9']] });
    expect(readAll(file, Infinity, { encoding: 'latin1' }).records).toEqual([[2, ['a@b.co', 'Café']], [3, ['b@c.co', 'Acme']]]);
  });

  it('characters beyond the BMP are text, not stray bytes', () => {
    expect(readAll('email,note\na@b.co,\u{1F480} \u{1F600}\n', 1)).toMatchObject({ records: [[2, ['a@b.co', '\u{1F480} \u{1F600}']]], undecodable: [] });
  });

  it.each(chunkings)('reads UTF-32 with its byte order mark, little- and big-endian (chunks of %d)', (size) => {
    const text = 'email;prénom\na@b.co;Émile \u{1F600}\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...text].map((char) => { const b = Buffer.alloc(4); b.writeUInt32LE(char.codePointAt(0)!); return b; })]);
    const be = Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), ...[...text].map((char) => { const b = Buffer.alloc(4); b.writeUInt32BE(char.codePointAt(0)!); return b; })]);
    for (const file of [le, be]) expect(readAll(file, size).records).toEqual([[2, ['a@b.co', 'Émile \u{1F600}']]]);
    expect(() => readAll(Buffer.concat([le, Buffer.from([0, 0, 0x11, 0])]), size)).toThrow(expect.objectContaining({ key: 'import.cannotDecode' }));
  });
});

describe('turning rows into leads', () => {
  function parse(text: string, options: Partial<ConstructorParameters<typeof LeadRowParser>[0]> = {}) {
    const parser = new LeadRowParser({ nullValues: [], now: '2026-07-01T12:00:00.000Z', ...options });
    const first = parser.push(Buffer.from(text));
    const last = parser.end();
    const packed = [...first.packed, ...last.packed];
    const rows = [];
    for (let offset = 0; offset < packed.length; offset += PACKED_STRIDE) {
      rows.push({ line: packed[offset + PACKED.line], values: packedFieldValues(packed, offset), stage: packed[offset + PACKED.stage], custom: JSON.parse(packed[offset + PACKED.customJson] as string) });
    }
    return { header: first.header ?? last.header, rows, rejections: [...first.rejections, ...last.rejections] };
  }

  it('packs fields in LEAD_FIELDS order and keeps other columns as custom fields', () => {
    const { rows, header } = parse('E-mail,Prénom,Deal Stage,Lifecycle Stage\nJ@Acme.FR,Jeanne,On Hold,marketingqualifiedlead\n');
    expect(header?.identity).toBe(true);
    expect(rows[0]).toMatchObject({ line: 2, stage: 'mql', custom: { 'Deal Stage': 'On Hold' } });
    expect(rows[0]!.values.slice(0, 2)).toEqual(['j@acme.fr', 'Jeanne']);
  });

  it('rejects rows with a reason and their original fields', () => {
    const { rejections, rows } = parse('email,employees,stage\nbad,1,lead\nb@c.co,abc,lead\nc@d.co,1,closed\nd@e.co,1\n,,\ne@f.co,"1 200",lead\n');
    expect(rejections.map((r) => [r.line, r.key])).toEqual([
      [2, 'lead.invalidEmail'],
      [3, 'lead.notANumber'],
      [4, 'import.badStage'],
      [5, 'import.wrongFieldCount'],
      [6, 'lead.noIdentity'],
    ]);
    expect(rejections[0]!.fields).toEqual(['bad', '1', 'lead']);
    expect(rows.map((row) => row.line)).toEqual([7]);
  });

  it('treats --null-values as empty, case-insensitively', () => {
    const { rows } = parse('Prospect ID,City,Tags\nabc,Select,select\n', { nullValues: ['Select'] });
    expect(rows[0]!.custom).toEqual({});
  });

  it('rejects a field over 1 MB without stopping the import', () => {
    const huge = 'x'.repeat(1_048_577);
    const { rejections, rows } = parse(`email,notes\na@b.co,${huge}\nc@d.co,short\n`);
    expect(rejections.map((r) => r.key)).toEqual(['import.fieldTooLong']);
    expect(rows).toHaveLength(1);
  });

  it('reports a file with no identity column', () => {
    expect(parse('Lead Number,Country\n1,India\n').header?.identity).toBe(false);
  });

  it('is a BantError for usage mistakes in --map', () => {
    expect(() => new LeadRowParser({ nullValues: [], map: 'x', now: '2026-07-01T12:00:00.000Z' })).toThrow(BantError);
  });
});
