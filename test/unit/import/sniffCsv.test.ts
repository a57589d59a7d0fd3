import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, fixWindows1252, parseDelimiterOption } from '../../../src/import/sniffCsv.js';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('encoding', () => {
  it('reads byte order marks', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0x00))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
  });

  it('without a mark or --encoding, leaves the choice between UTF-8 and Windows-1252 to the whole file ("auto")', () => {
    expect(detectEncoding(Buffer.from('Prénom;Société\n', 'utf8')).encoding).toBe('auto');
    expect(detectEncoding(Buffer.from('Pr\xe9nom;Soci\xe9t\xe9\n', 'latin1')).encoding).toBe('auto');
  });

  it("tells UTF-32's byte order marks from UTF-16's", () => {
    expect(detectEncoding(bytes(0xff, 0xfe, 0x00, 0x00, 0x61, 0, 0, 0))).toEqual({ encoding: 'utf-32le', bomLength: 4 });
    expect(detectEncoding(bytes(0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x61))).toEqual({ encoding: 'utf-32be', bomLength: 4 });
    expect(detectEncoding(bytes(0xfe, 0xff, 0x00, 0x61))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
  });

  it('refuses binary files', () => {
    expect(() => detectEncoding(bytes(0x50, 0x4b, 0x03, 0x04, 0x00, 0x00))).toThrow(/binary/);
  });

  it('an explicit --encoding wins over the guess', () => {
    expect(detectEncoding(Buffer.from('plain ascii', 'utf8'), 'latin1').encoding).toBe('windows-1252');
  });

  it("maps Windows-1252's printable characters that Node decodes as control codes", () => {
    expect(fixWindows1252('5 \u0080, l\u0092\u0153uvre \u009c')).toBe('5 €, l’\u0153uvre œ');
  });
});

describe('delimiter', () => {
  it.each([
    ['email,first_name,company\n', ','],
    ['email;prénom;société\n', ';'],
    ['email\tfirst\tlast\n', '\t'],
    ['email|first|last\n', '|'],
    ['"a;b;c",d,e\n', ','],
    ['single\n', ','],
  ])('in %j is %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('takes "tab" and single characters on the command line', () => {
    expect(parseDelimiterOption('tab')).toBe('\t');
    expect(parseDelimiterOption(';')).toBe(';');
    expect(() => parseDelimiterOption('ab')).toThrow();
    expect(() => parseDelimiterOption('"')).toThrow();
  });
});
