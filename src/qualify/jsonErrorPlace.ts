// Where a JSON text stops being JSON, as a line and a column: V8's own message is English ("Unexpected token }
// in JSON at position 12"), so messages say the place in the user's language instead of quoting it.

export function jsonErrorPlace(text: string, error: Error): { line: number; column: number } {
  const position = /at position (\d+)/.exec(error.message);
  // No position: the text ended too early ("Unexpected end of JSON input").
  const offset = Math.min(position ? Number(position[1]) : text.length, text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
