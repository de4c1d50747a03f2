// Helpers of bench/browser.ts that do not drive the page: memory of a process tree, zip trailers, build freshness.
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const PAGE = 4096;

/** ppid → child pids, from the ppid field of every /proc/<pid>/stat. */
function childrenMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  return children;
}

export const childrenOf = (pid: number): number[] => childrenMap().get(pid) ?? [];

/** The pid and every descendant. */
export function processTree(root: number): number[] {
  const children = childrenMap();
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The command line; Chromium rewrites its own into one space-separated string, so split on both. */
export function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split(/[\0 ]/);
  } catch {
    return [];
  }
}

const kinds = new Map<number, string>();
/** "browser", "renderer", "gpu-process", "utility (…)", "zygote": from the --type= switches of the command line. */
function kindOf(pid: number): string {
  let k = kinds.get(pid);
  if (k) return k;
  const argv = argvOf(pid);
  const type = argv.find((a) => a.startsWith("--type="))?.slice(7);
  const sub = argv.find((a) => a.startsWith("--utility-sub-type="))?.slice(19);
  k = !argv.length ? "?" : !type ? "browser" : sub ? `${type} (${sub.split(".").pop()})` : type;
  kinds.set(pid, k);
  return k;
}

/** Resident bytes of one process: pages in /proc/<pid>/statm (what VmRSS says, without parsing status). */
function rssBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE;
  } catch {
    return 0;
  }
}

/** Proportional set size: shared pages (the Chromium binary, shared memory) divided among their users. */
function pssBytes(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux, whatever the kernel's HZ). */
const TICKS = 100;

/** User + system CPU ticks of each thread of the tree so far ("pid/tid" → its name and ticks). */
export function cpuTicks(root: number): Map<string, { name: string; ticks: number }> {
  const ticks = new Map<string, { name: string; ticks: number }>();
  for (const pid of processTree(root)) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        // "tid (comm) state …": comm may hold spaces and parentheses; utime and stime are fields 14 and 15.
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        ticks.set(`${pid}/${tid}`, { name: `${kindOf(pid)}: ${name}`, ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // exited meanwhile
      }
    }
  }
  return ticks;
}

/**
 * CPU seconds the tree spent since `before` (cpuTicks), in all and by thread name (the process kind and the
 * thread's name: "renderer: DedicatedWorker" holds the app's workers): steadier than wall seconds on a loaded
 * machine, where another job's share moves the wall time more than the work done. A thread that exited meanwhile
 * is lost.
 */
export function cpuSecondsSince(
  root: number,
  before: Map<string, { ticks: number }>,
): { total: number; byThread: Record<string, number> } {
  let total = 0;
  const byThread: Record<string, number> = {};
  for (const [key, now] of cpuTicks(root)) {
    const spent = (now.ticks - (before.get(key)?.ticks ?? 0)) / TICKS;
    total += spent;
    if (spent > 0) byThread[now.name] = (byThread[now.name] ?? 0) + spent;
  }
  return { total, byThread };
}

export interface MemorySample {
  /** Sum of the resident sets of all the processes: shared pages count once per process that maps them. */
  rss: number;
  /** Sum of the proportional sets: every page counted once. */
  pss: number;
  processes: number;
  /** Resident bytes by process kind, at this sample. */
  byKind: Record<string, number>;
}

/** Without `withPss` the sample's `pss` is 0: see TreeSampler for why PSS is read less often. */
export function sampleTree(root: number, withPss = true): MemorySample {
  const s: MemorySample = { rss: 0, pss: 0, processes: 0, byKind: {} };
  for (const pid of processTree(root)) {
    const rss = rssBytes(pid);
    if (rss === 0) continue; // a zombie or gone
    s.rss += rss;
    if (withPss) s.pss += pssBytes(pid);
    s.processes++;
    const k = kindOf(pid);
    s.byKind[k] = (s.byKind[k] ?? 0) + rss;
  }
  return s;
}

const PSS_EVERY = 5;

/** Samples the tree every `ms` on a timer; `peak()` gives the sample with the largest RSS sum since `reset()`. */
export class TreeSampler {
  private best: MemorySample | null = null;
  private bestPss = 0;
  private timer: NodeJS.Timeout | null = null;
  samples = 0;
  constructor(
    private readonly root: number,
    private readonly ms = 100,
  ) {}
  start(): this {
    const tick = () => {
      this.take();
      this.timer = setTimeout(tick, this.ms);
    };
    tick();
    return this;
  }
  take(): void {
    // smaps_rollup (PSS) walks every page table of a process under its memory lock: read every 100 ms for
    // Chromium's processes it took ~10 % of this 2-core machine from the browser being measured (perf), so
    // PSS is read on every 5th sample and RSS (statm, constant cost) on each.
    const s = sampleTree(this.root, this.samples % PSS_EVERY === 0);
    this.samples++;
    if (!this.best || s.rss > this.best.rss) this.best = s;
    this.bestPss = Math.max(this.bestPss, s.pss);
  }
  reset(): void {
    this.best = null;
    this.bestPss = 0;
    this.samples = 0;
    this.take();
  }
  /** The sample of highest RSS sum, with the highest PSS sum seen (which may come from another sample). */
  peak(): MemorySample & { maxPss: number; samples: number } {
    this.take();
    return { ...this.best!, maxPss: this.bestPss, samples: this.samples };
  }
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * Entry count of a zip from its end-of-central-directory record (zip64 too), or null unless the central
 * directory is whole and every entry's local header stands where the directory says: a zip whose offsets
 * drifted is caught here, not only one without an end record. Reads the directory, not the data.
 */
export function zipEntries(path: string): number | null {
  const size = statSync(path).size;
  const fd = openSync(path, "r");
  const at = (position: number, length: number): Buffer => {
    const b = Buffer.alloc(length);
    return readSync(fd, b, 0, length, position) === length ? b : Buffer.alloc(0);
  };
  try {
    const tail = at(size - Math.min(size, 65_557 + 20), Math.min(size, 65_557 + 20));
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) !== 0x06054b50) continue;
      let count = tail.readUInt16LE(i + 10);
      let dirSize = tail.readUInt32LE(i + 12);
      let dirOffset = tail.readUInt32LE(i + 16);
      if (count === 0xffff || dirOffset === 0xffffffff) {
        if (i < 20 || tail.readUInt32LE(i - 20) !== 0x07064b50) return null;
        const z64 = at(Number(tail.readBigUInt64LE(i - 20 + 8)), 56);
        if (z64.length < 56 || z64.readUInt32LE(0) !== 0x06064b50) return null;
        [count, dirSize, dirOffset] = [32, 40, 48].map((o) => Number(z64.readBigUInt64LE(o))) as [
          number,
          number,
          number,
        ];
      }
      return localHeadersInPlace(at, at(dirOffset, dirSize), count) ? count : null;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

function localHeadersInPlace(at: (position: number, length: number) => Buffer, dir: Buffer, count: number): boolean {
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) return false;
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    let offset = dir.readUInt32LE(p + 42);
    if (offset === 0xffffffff) {
      // The zip64 extra field holds, in order, whichever of sizes and offset overflowed.
      const extra = dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      const q =
        4 + (dir.readUInt32LE(p + 24) === 0xffffffff ? 8 : 0) + (dir.readUInt32LE(p + 20) === 0xffffffff ? 8 : 0);
      if (extra.readUInt16LE(0) !== 1 || q + 8 > extra.length) return false;
      offset = Number(extra.readBigUInt64LE(q));
    }
    const local = at(offset, 4);
    if (local.length < 4 || local.readUInt32LE(0) !== 0x04034b50) return false;
    p += 46 + nameLength + extraLength + dir.readUInt16LE(p + 32);
  }
  return true;
}

/** Latest modification time under the given files and folders (recursively). */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    newest = Math.max(newest, st.mtimeMs);
    if (!st.isDirectory()) continue;
    for (const e of readdirSync(p, { recursive: true, withFileTypes: true })) {
      try {
        newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
      } catch {
        // removed while walking: another engineer's editor
      }
    }
  }
  return newest;
}

/** Bytes and number of the files under a folder. */
export function dirBytesOf(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    bytes += statSync(join(e.parentPath, e.name)).size;
    files++;
  }
  return { bytes, files };
}
