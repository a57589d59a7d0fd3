/** Accent- and case-insensitive form of a text, so that "helene" finds "Hélène" and "societe" finds "Société". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
