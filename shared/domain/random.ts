/**
 * A small seeded pseudo-random number generator, so a random sample can be
 * reproduced from its recorded seed on any machine.
 *
 * Algorithm: mulberry32 (Tommy Ettinger, public domain) — a 32-bit state,
 * advanced by the constant 0x6D2B79F5 and mixed with `Math.imul` and shifts.
 * Every step is 32-bit integer arithmetic, so the sequence is identical on
 * every JavaScript engine and platform (no floating-point rounding is involved
 * until the final division by 2^32, which is exact).
 *
 * Seeds: any safe integer. It is reduced to an unsigned 32-bit integer
 * (`seed >>> 0`), so `-1` and `4294967295` give the same sequence.
 * It is not cryptographically secure and must not be used for secrets.
 */

export interface Rng {
  /** A number in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** An integer in [0, maxExclusive). `maxExclusive` must be an integer in 1..2^32. */
  int(maxExclusive: number): number;
}

const TWO_POW_32 = 4294967296;

/** Reduce a seed to the unsigned 32-bit state mulberry32 starts from. */
export function normaliseSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`The random seed must be a whole number; got ${String(seed)}.`);
  }
  return seed >>> 0;
}

/** One mulberry32 step: the next unsigned 32-bit output for `state`. */
function mulberry32Output(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}

export function createRng(seed: number): Rng {
  let state = normaliseSeed(seed);
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    return mulberry32Output(state);
  };
  return {
    next(): number {
      return nextUint32() / TWO_POW_32;
    },
    int(maxExclusive: number): number {
      if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > TWO_POW_32) {
        throw new RangeError(`int() needs a whole number from 1 to 2^32; got ${String(maxExclusive)}.`);
      }
      // Rejection sampling removes the modulo bias, so every value is equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % maxExclusive);
      for (;;) {
        const value = nextUint32();
        if (value < limit) return value % maxExclusive;
      }
    },
  };
}

/** Fisher–Yates (Durstenfeld) shuffle. Returns a new array; the input is not changed. */
export function shuffle<T>(array: readonly T[], rng: Rng): T[] {
  const result = array.slice();
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = rng.int(i + 1);
    const held = result[i] as T;
    result[i] = result[j] as T;
    result[j] = held;
  }
  return result;
}

/**
 * FNV-1a over the UTF-16 code units of `text`: a stable 32-bit hash used to
 * derive an independent seed per stratum, so adding a case to one stratum
 * does not change the draw in another.
 */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Combine a seed with a salt into a new unsigned 32-bit seed (one mulberry32 mix). */
export function deriveSeed(seed: number, salt: number): number {
  return mulberry32Output((normaliseSeed(seed) ^ Math.imul(salt >>> 0, 0x9e3779b1)) | 0);
}
