import fs from "node:fs";

// CPU time of this process's descendants by role, read from /proc (Linux): what bench:scale
// divides by the submissions graded to give the capacity model's per-submission costs
// (docs/deploy.md). Only descendants count, so other programs on the machine do not. A process
// that exits between two readings loses its time since the first one (grader children are
// long-lived; the figures are a lower bound, which the benchmark says).

export type Role = "web" | "worker" | "grader" | "redis" | "postgres";
export type CpuByRole = Record<Role, number>;

/** Clock ticks per second of /proc's utime/stime: USER_HZ, 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime, seconds. */
  cpu: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may contain spaces: fields follow the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null; // gone meanwhile
  }
}

function roleOf(pid: number): Role | null {
  let cmdline: string;
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return null;
  }
  if (/grader\.cjs/.test(cmdline)) return "grader";
  if (/grader-worker/.test(cmdline)) return "worker";
  if (/next-server|next start|next\/dist\/bin\/next/.test(cmdline)) return "web";
  if (/redis-server/.test(cmdline)) return "redis";
  if (/postgres/.test(cmdline)) return "postgres";
  return null;
}

/**
 * Seconds of CPU used so far by each role among the descendants of this process, and of the
 * `detached` processes and their descendants (a PostgreSQL server pg_ctl started).
 */
export function cpuByRole(detached: number[] = []): CpuByRole {
  const stats: Stat[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.push(stat);
  }
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const totals: CpuByRole = { web: 0, worker: 0, grader: 0, redis: 0, postgres: 0 };
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      const role = roleOf(child.pid);
      if (role) totals[role] += child.cpu;
      visit(child.pid);
    }
  };
  visit(process.pid);
  for (const pid of detached) {
    const own = stats.find((s) => s.pid === pid);
    const role = roleOf(pid);
    if (own && role) totals[role] += own.cpu;
    visit(pid);
  }
  return totals;
}

/** CPU milliseconds per unit of work between two readings, by role, rounded to 0.1 ms. */
export function perUnitMs(before: CpuByRole, after: CpuByRole, units: number): CpuByRole {
  const per = (role: Role) => Math.round(((after[role] - before[role]) * 1000 * 10) / Math.max(1, units)) / 10;
  return { web: per("web"), worker: per("worker"), grader: per("grader"), redis: per("redis"), postgres: per("postgres") };
}
