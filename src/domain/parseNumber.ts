// Numbers as people type them in lead lists: "1 200", "1,200", "1.200,50", "1,5", "12000.75".
// A separator followed by exactly three digits, repeated, is a thousands separator; otherwise the last
// "," or "." is the decimal mark. Anything else is not a number.

const SPACES = /[\s\u00a0\u202f']/g;

export function parseNumber(text: string): number | undefined {
  // Most cells in a lead list are plain digits: answer those without the general rules below.
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const compact = text.replace(SPACES, '');
  if (!/^[+-]?(\d|[.,]\d)/.test(compact) || !/^[+-]?[\d.,]+$/.test(compact)) return undefined;
  const sign = compact.startsWith('-') ? -1 : 1;
  const digits = compact.replace(/^[+-]/, '');
  let normalised: string;
  if (/^\d{1,3}([,.]\d{3})+$/.test(digits) && !/^\d{1,3}[.]\d{3}$/.test(digits)) {
    // "1,200" and "1.200.000" group thousands. A lone "1.200" is read as the decimal it is in English.
    normalised = digits.replace(/[,.]/g, '');
  } else {
    const lastMark = Math.max(digits.lastIndexOf(','), digits.lastIndexOf('.'));
    if (lastMark === -1) {
      normalised = digits;
    } else {
      const whole = digits.slice(0, lastMark);
      const fraction = digits.slice(lastMark + 1);
      // Marks before the decimal one must group thousands: "1.200,50" yes, "1,2,3" no.
      if (whole !== '' && !/^\d{1,3}([,.]\d{3})*$/.test(whole) && !/^\d+$/.test(whole)) return undefined;
      if (!/^\d+$/.test(fraction)) return undefined;
      normalised = `${whole.replace(/[,.]/g, '') || '0'}.${fraction}`;
    }
  }
  const value = Number(normalised);
  return Number.isFinite(value) ? sign * value : undefined;
}
