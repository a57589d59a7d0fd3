// Box-drawn tables for people at a terminal:
//
//   ┌────┬───────────────┐
//   │ Id │ Name          │
//   │ 1  │ Hélène Martin │
//   └────┴───────────────┘
//
// Written here rather than with cli-table3, whose output this reproduces: it merged a dozen options for every
// cell and measured strings three times over, and took about a sixth of `bant leads list`'s start (a target
// of PRODUCT.md). No rule between rows, nor under the head: long lists stay readable.

/** Each cell has a space of padding on either side. */
export const CELL_PADDING = 2;

export interface TableLayout {
  /** Column widths, padding included; a cell wider than its column wraps at spaces and cuts a longer word with "…". */
  widths?: readonly number[];
  /** How the head is shown (bold on a terminal), applied once its text is laid out. */
  styleHead?: (text: string) => string;
}

export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], layout: TableLayout = {}): string {
  const widths = layout.widths ?? naturalWidths([head, ...rows]);
  const styleHead = layout.styleHead ?? ((text: string) => text);
  const rule = (left: string, middle: string, right: string) => left + widths.map((width) => '─'.repeat(width)).join(middle) + right;
  const lines = [rule('┌', '┬', '┐')];
  const drawRow = (cells: readonly string[], style: (text: string) => string) => {
    const cellLines = widths.map((width, index) => cellText(cells[index] ?? '', width - CELL_PADDING));
    const height = Math.max(1, ...cellLines.map((text) => text.length));
    for (let line = 0; line < height; line++) {
      const parts = cellLines.map((text, index) => {
        const part = text[line] ?? '';
        const filler = ' '.repeat(Math.max(0, widths[index]! - CELL_PADDING - textWidth(part)));
        return ` ${part === '' ? '' : style(part)}${filler} `;
      });
      lines.push(`│${parts.join('│')}│`);
    }
  };
  drawRow(head, styleHead);
  for (const row of rows) drawRow(row, (text) => text);
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}

/** Each column as wide as its widest line, padding included. */
export function naturalWidths(rows: readonly (readonly string[])[]): number[] {
  const count = Math.max(0, ...rows.map((row) => row.length));
  return Array.from({ length: count }, (_, index) => Math.max(0, ...rows.map((row) => textWidth(row[index] ?? ''))) + CELL_PADDING);
}

/** The lines of a cell in `room` columns: as they are when they fit, else wrapped at spaces, each cut to fit. */
function cellText(text: string, room: number): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.every((line) => textWidth(line) <= room)) return lines;
  // Colours cannot be cut in two: a cell that has to be wrapped is shown without them.
  return lines.flatMap((line) => wrapWords(stripColours(line), room)).map((line) => cut(line, room));
}

/** Words of a line, as many to a line as fit in `room`; a word longer than that stands on its own line. */
function wrapWords(line: string, room: number): string[] {
  const wrapped: string[] = [];
  const pieces = line.split(/(\s+)/);
  let current = '';
  let currentWidth = 0;
  for (let index = 0; index < pieces.length; index += 2) {
    const word = pieces[index]!;
    const space = index > 0 ? pieces[index - 1]! : '';
    const joined = currentWidth > 0 ? currentWidth + space.length + textWidth(word) : textWidth(word);
    if (joined > room && currentWidth > 0) {
      wrapped.push(current);
      current = word;
      currentWidth = textWidth(word);
    } else {
      current = currentWidth > 0 ? current + space + word : word;
      currentWidth = joined;
    }
  }
  if (current !== '') wrapped.push(current);
  return wrapped;
}

/** The text cut to `room` columns, its last one an ellipsis, when it is wider. */
function cut(text: string, room: number): string {
  if (textWidth(text) <= room) return text;
  let kept = '';
  let width = 0;
  for (const character of text) {
    const next = characterWidth(character);
    if (width + next > room - 1) break;
    kept += character;
    width += next;
  }
  return `${kept}…`;
}

// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[[0-9;]*m/g;

function stripColours(text: string): string {
  return text.replace(COLOUR, '');
}

/** Columns a text takes on screen: its longest line, colour codes left out. */
export function textWidth(text: string): number {
  let widest = 0;
  for (const line of stripColours(text).split('\n')) {
    let width = 0;
    for (const character of line) width += characterWidth(character);
    widest = Math.max(widest, width);
  }
  return widest;
}

/** Marks that combine with the character before take no column; East Asian wide characters and pictographs two. */
const COMBINING_MARK = /^[\p{Mn}\p{Me}]$/u;
const DOUBLE_WIDTH = /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]$/u;

function characterWidth(character: string): number {
  const code = character.codePointAt(0)!;
  if (code < 0x300) return code < 0x20 ? 0 : 1; // the usual case, without a regular expression
  if ((code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f) || COMBINING_MARK.test(character)) return 0; // zero-width spaces, variation selectors
  return DOUBLE_WIDTH.test(character) ? 2 : 1;
}
