import { randomBytes } from "node:crypto";
import os from "node:os";

// Row ids for rows this layer inserts with plain SQL (lib/data/db.ts writeTransaction), in the
// shape Prisma's @default(cuid()) gives the rest: "c", time, counter, host fingerprint, random,
// all base 36, 25 characters. Sortable by creation time like Prisma's, and never reused.

const BASE = 36;
const pad = (s: string, n: number) => s.padStart(n, "0").slice(-n);

let counter = randomBytes(4).readUInt32BE(0) % BASE ** 4;
const fingerprint = pad(
  (process.pid % BASE ** 2).toString(BASE) + [...os.hostname()].reduce((sum, ch) => (sum + ch.charCodeAt(0)) % BASE ** 2, os.hostname().length + BASE).toString(BASE),
  4,
);

// One randomBytes call per 512 blocks: each call is a syscall, and two ids are made per submission.
const POOL_BLOCKS = 512;
let pool = randomBytes(4 * POOL_BLOCKS);
let offset = 0;

function randomBlock(): string {
  if (offset >= pool.length) {
    pool = randomBytes(4 * POOL_BLOCKS);
    offset = 0;
  }
  const value = pool.readUInt32BE(offset);
  offset += 4;
  return pad((value % BASE ** 4).toString(BASE), 4);
}

export function newRowId(): string {
  counter = (counter + 1) % BASE ** 4;
  return `c${pad(Date.now().toString(BASE), 8)}${pad(counter.toString(BASE), 4)}${fingerprint}${randomBlock()}${randomBlock()}`;
}
