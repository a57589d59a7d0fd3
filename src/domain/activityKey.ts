// What makes two activities the same event (PRODUCT.md: "The same event imported twice is stored once"): the
// same lead, type, instant and properties. The store keeps a lead's events unique by a key computed here: a
// 53-bit hash of the type, the instant and the properties in name order (so that the order of a file's columns
// or of `--set` options does not matter), small enough for the unique index every imported event is written to.
// Two different events of one lead sharing a key is a chance of about n² in 2^54 for a lead with n events.

export function activityEventKey(type: string, occurredAt: string, properties: Readonly<Record<string, string>>): number {
  const names = Object.keys(properties).sort();
  let text = `${type}\u0000${occurredAt}`;
  for (const name of names) text += `\u0000${name}\u0001${properties[name]}`;
  return hash53(text);
}

/** cyrb53 (bryc, public domain): two 32-bit multiply-xor lanes folded into a whole number below 2^53. */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
