// The table renderer against cli-table3 (a dev dependency kept for this comparison only), whose output bant
// showed until its own renderer replaced it: the same boxes, padding, wrapping and cuts, for tables that fit
// and for columns narrowed to a terminal's width.
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitColumns } from '../../src/cli/render.js';
import { renderTable, textWidth } from '../../src/cli/textTable.js';

function withCliTable3(head: string[], rows: string[][], widths?: number[]): string {
  const table = new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: true,
    ...(widths ? { colWidths: widths } : {}),
  });
  for (const row of rows) table.push(row);
  return table.toString();
}

describe('renderTable', () => {
  it('draws a box with a space either side of each cell, no rule under the head or between rows', () => {
    expect(renderTable(['Id', 'Name'], [['1', 'Hélène Martin'], ['22', '']])).toBe(
      ['┌────┬───────────────┐', '│ Id │ Name          │', '│ 1  │ Hélène Martin │', '│ 22 │               │', '└────┴───────────────┘'].join('\n'),
    );
  });

  it('wraps a narrowed column at spaces and cuts a longer word with an ellipsis', () => {
    expect(renderTable(['Company'], [['Dupont, Fils & Cie']], { widths: [7] })).toBe(
      ['┌───────┐', '│ Comp… │', '│ Dupo… │', '│ Fils  │', '│ & Cie │', '└───────┘'].join('\n'),
    );
  });

  it('styles the head once laid out, without counting the style in widths', () => {
    const bold = (text: string) => `\u001b[1m${text}\u001b[22m`;
    expect(renderTable(['Stage'], [['mql']], { styleHead: bold }).split('\n')[1]).toBe(`│ ${bold('Stage')} │`);
  });

  it('counts columns on screen: accents one, combining marks none, wide characters two', () => {
    expect(textWidth('Hélène')).toBe(6);
    expect(textWidth('He\u0301le\u0300ne')).toBe(6);
    expect(textWidth('東京')).toBe(4);
    expect(textWidth('\u001b[31mlate\u001b[39m')).toBe(4);
    expect(textWidth('two\nlines!')).toBe(6);
  });

  // Cells as bant shows them: trimmed words, one space apart.
  const word = fc.stringMatching(/^[A-Za-zéèçÉ0-9@.,&'-]{1,14}$/);
  const text = fc.array(word, { minLength: 0, maxLength: 4 }).map((words) => words.join(' '));
  const line = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
  const cell = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.tuple(line, line).map(([a, b]) => `${a}\n${b}`) });
  // A row starts with a cell that has something in it, as a lead's id (cli-table3 dropped a row of empty cells).
  const row = (columns: number) => fc.tuple(word, fc.array(cell, { minLength: columns - 1, maxLength: columns - 1 })).map(([first, rest]) => [first, ...rest]);
  const table = fc.integer({ min: 1, max: 5 }).chain((columns) =>
    fc.tuple(fc.array(text, { minLength: columns, maxLength: columns }), fc.array(row(columns), { maxLength: 6 })),
  );

  it('draws what cli-table3 drew, for any table that fits', () => {
    fc.assert(
      fc.property(table, ([head, rows]) => {
        expect(renderTable(head, rows)).toBe(withCliTable3(head, rows));
      }),
      { numRuns: 300 },
    );
  });

  it('draws what cli-table3 drew, for any table narrowed to a terminal', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 20, max: 60 }), ([head, rows], width) => {
        const widths = fitColumns([head, ...rows], width);
        fc.pre(widths !== undefined);
        expect(renderTable(head, rows, { widths })).toBe(withCliTable3(head, rows, widths));
      }),
      { numRuns: 300 },
    );
  });
});
