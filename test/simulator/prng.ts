// Deterministic randomness: every random choice of the simulator comes from a seeded stream, so the same
// seed always gives the same organisation, keys and "unsorted" orders.

/** A generator of floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for test data. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a with a final avalanche; used to derive independent streams and stable ranks. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A separate stream per purpose ("users", "keys", …), so that adding a draw to one purpose does not shift
 * the values of another.
 */
export function stream(seed: number, purpose: string): Rng {
  return mulberry32(hashString(purpose, seed));
}

export function uint32(rng: Rng): number {
  return Math.floor(rng() * 4294967296) >>> 0;
}

const ID_BYTES = Buffer.alloc(16);

/**
 * 32 lowercase hex characters, the shape of Workfront IDs and API keys. Buffer's hex encoding gives a
 * flat string in one native call; concatenated pieces would be a rope that V8 flattens (allocating
 * again) the first time the ID is hashed or compared, which made the first sort at 100,000 users slow.
 */
export function hex32(rng: Rng): string {
  for (let i = 0; i < 16; i += 4) ID_BYTES.writeUInt32BE(uint32(rng), i);
  return ID_BYTES.toString('hex');
}

/** Like hex32 but with the first 32 bits given (IdSource checks uniqueness on them). */
export function hex32From(head: number, rng: Rng): string {
  ID_BYTES.writeUInt32BE(head >>> 0, 0);
  for (let i = 4; i < 16; i += 4) ID_BYTES.writeUInt32BE(uint32(rng), i);
  return ID_BYTES.toString('hex');
}

/**
 * Makes V8 store a concatenated string flat, once, at seeding time rather than during the first search
 * (converting a string to a number reads it whole, which flattens it in place).
 */
export function flat(text: string): string {
  void Number(text);
  return text;
}

export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Picks by weight; `weights` pairs each item with its relative weight. */
export function weighted<T>(rng: Rng, weights: readonly (readonly [T, number])[]): T {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [item, w] of weights) {
    r -= w;
    if (r < 0) return item;
  }
  return weights[weights.length - 1][0];
}
