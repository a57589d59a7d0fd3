// The held-out part: leads the model does not learn from, on which its quality is measured. The split is
// decided by a hash of (seed, lead id), not by the order leads arrive in, so the same data and seed always give
// the same split, whatever order a store reads them in. It is stratified: each class (converted or not) gives
// the same share, so a small data set still has both in both parts.

/**
 * 1 for each held-out row. In each class, the rows whose (seed, id) hash is smallest are held out:
 * round(holdout × rows of that class), at least one and never all of them.
 */
export function splitHoldout(ids: ArrayLike<number>, labels: ArrayLike<number>, size: number, holdout: number, seed: number): Uint8Array {
  const heldOut = new Uint8Array(size);
  for (const label of [0, 1]) {
    const rows: number[] = [];
    for (let r = 0; r < size; r++) if (labels[r] === label) rows.push(r);
    if (rows.length < 2) continue;
    const hashes = new Float64Array(size);
    for (const r of rows) hashes[r] = hashId(ids[r]!, seed);
    // Ties of the hash (two ids out of four billion) are broken by id, so the order is total.
    rows.sort((a, b) => hashes[a]! - hashes[b]! || ids[a]! - ids[b]!);
    const count = Math.min(rows.length - 1, Math.max(1, Math.round(holdout * rows.length)));
    for (let k = 0; k < count; k++) heldOut[rows[k]!] = 1;
  }
  return heldOut;
}

/** A well-mixed 32-bit hash of an id (up to 2^53) and a seed: murmur3's finaliser on each half. */
export function hashId(id: number, seed: number): number {
  const low = id >>> 0;
  const high = Math.floor(id / 4294967296) >>> 0;
  return mix32(mix32(low ^ Math.imul(seed | 0, 0x9e3779b1)) ^ mix32(high + 0x7f4a7c15));
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
