// Seeded randomness for per-student variants. The grader must be able to recompute a student's
// numbers from the seed alone, on any machine, so this is pure integer arithmetic (FNV-1a to
// hash the seed, mulberry32 to generate), never Math.random.

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform in [lo, hi) */
  uniform(lo: number, hi: number): number;
  /** uniform integer in [lo, hi], both inclusive */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** a shuffled copy; items is left alone */
  shuffle<T>(items: readonly T[]): T[];
  /** standard normal (mean 0, standard deviation 1) */
  normal(): number;
}

/** 32-bit FNV-1a of the seed's string form, so 42 and "42" give the same sequence. */
function hashSeed(seed: number | string): number {
  if (typeof seed === "number" && !Number.isFinite(seed)) throw new Error(`createRng: seed must be finite, got ${seed}`);
  if (typeof seed !== "number" && typeof seed !== "string") throw new Error("createRng: seed must be a number or a string");
  let h = 0x811c9dc5;
  for (const ch of String(seed)) {
    const code = ch.codePointAt(0) ?? 0;
    h ^= code;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function createRng(seed: number | string): Rng {
  let state = hashSeed(seed);
  // mulberry32: small, fast, and passes the statistical tests that matter for quiz numbers.
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    uniform(lo, hi) {
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw new Error(`rng.uniform: bad range [${lo}, ${hi})`);
      return lo + (hi - lo) * next();
    },
    int(lo, hi) {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo > hi) throw new Error(`rng.int: bad integer range [${lo}, ${hi}]`);
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("rng.pick: no items to pick from");
      // The index is in range by construction; the cast only tells noUncheckedIndexedAccess so.
      return items[Math.floor(next() * items.length)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    normal() {
      // Box–Muller; 1 - next() lies in (0, 1], so the log never sees 0.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
  return rng;
}
