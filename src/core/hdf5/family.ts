import { readExactly, type ByteSource } from "./byte-source";

/**
 * HDF5 family-driver sets (`name_0.nwb`, `name_1.nwb`, …) joined into one
 * logical file without copying. Superblock version 0 records the address
 * of a driver-information block ("NCSAfami") at byte 48; HDF5 refuses to
 * open the joined bytes as one file while it is there, and reads them
 * as an ordinary file once that address reads as undefined (all 0xFF).
 */

const MEMBER_NAME = /^(.*)_(\d+)(\.[^.]*)?$/;
const DRIVER_ADDRESS_OFFSET = 48;

interface FamilyHeader {
  memberSize: number;
  /** The family's whole length (its superblock's end-of-file address), or null when the superblock leaves it undefined. */
  end: number | null;
}

/** The family driver block of a superblock-v0 file, or null when it has none. */
export function readFamilyHeader(source: ByteSource): FamilyHeader | null {
  if (source.size < 56) return null;
  const head = readExactly(source, 0, 56);
  const view = new DataView(head.buffer);
  const signature = String.fromCharCode(...head.subarray(0, 8));
  if (signature !== "\x89HDF\r\n\x1a\n" || head[8] !== 0 || head[13] !== 8) return null;
  const base = Number(view.getBigUint64(24, true));
  const driver = view.getBigUint64(DRIVER_ADDRESS_OFFSET, true);
  if (driver === 0xffffffffffffffffn) return null;
  const at = base + Number(driver);
  if (at + 24 > source.size) return null;
  const block = readExactly(source, at, 24);
  const id = String.fromCharCode(...block.subarray(8, 16));
  if (id !== "NCSAfami") return null;
  const eof = view.getBigUint64(40, true);
  const end = eof === 0xffffffffffffffffn ? null : base + Number(eof);
  return { memberSize: Number(new DataView(block.buffer).getBigUint64(16, true)), end };
}

/** A family joined without its last members: how many files it has, and the names of those not given. */
export interface FamilyGap {
  files: number;
  missing: string[];
}

/**
 * Families joined short (`name_0.nwb` given alone, say), by their joined source: HDF5 would call such a family
 * "truncated", which does not tell what to open.
 */
const gaps = new WeakMap<ByteSource, FamilyGap>();

/** The members a joined family lacks at its end, or null (a whole family, or any other source). */
export const familyGap = (source: ByteSource): FamilyGap | null => gaps.get(source) ?? null;

/** The family's length (from member 0's superblock) in members, when more than `given`. */
function gapAfter(stem: string, given: number, header: FamilyHeader): FamilyGap | null {
  if (header.end === null || header.memberSize <= 0) return null;
  const files = Math.ceil(header.end / header.memberSize);
  if (files <= given) return null;
  const missing = Array.from({ length: files - given }, (_, i) => stem.replace("%d", String(given + i)));
  return { files, missing };
}

/** `name_0.nwb` for a later member's name (`name_2.nwb`), or null: a family's later members have no superblock. */
export function firstMember(name: string): string | null {
  const m = MEMBER_NAME.exec(name);
  return m && Number(m[2]) > 0 ? `${m[1]}_0${m[3] ?? ""}` : null;
}

/** A read-only view of the members, back to back, with the driver address patched. */
export function joinFamily(members: ByteSource[], memberSize: number): ByteSource {
  const size = memberSize * (members.length - 1) + members[members.length - 1]!.size;
  const name = members[0]!.name;
  const patch = (position: number, bytes: Uint8Array) => {
    const patchStart = Math.max(position, DRIVER_ADDRESS_OFFSET);
    const patchEnd = Math.min(position + bytes.length, DRIVER_ADDRESS_OFFSET + 8);
    for (let p = patchStart; p < patchEnd; p++) bytes[p - position] = 0xff;
  };
  return {
    name,
    size,
    async readAsync(position, length) {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - position)));
      let done = 0;
      while (done < out.length) {
        const at = position + done;
        const index = Math.floor(at / memberSize);
        const member = members[index]!;
        const within = at - index * memberSize;
        const n = Math.min(out.length - done, memberSize - within);
        const part = member.readAsync ? await member.readAsync(within, n) : readExactly(member, within, n);
        if (part.length === 0) break;
        out.set(part, done);
        done += part.length;
      }
      patch(position, out);
      return out.subarray(0, done);
    },
    read(position, length, target) {
      const index = Math.floor(position / memberSize);
      const member = members[index];
      if (!member || position >= size) return 0;
      const within = position - index * memberSize;
      const n = Math.min(length, memberSize - within);
      const got = member.read(within, n, target);
      patch(position, target.subarray(0, got));
      return got;
    },
  };
}

/**
 * Groups family members among the given sources and joins each family;
 * other sources pass through. Members are recognised by name and by the
 * driver block of member 0; an incomplete family (a gap in the numbers or
 * a member of the wrong size) is an error that names the missing part.
 */
export function joinFamilies(sources: ByteSource[]): ByteSource[] {
  const byStem = new Map<string, { index: number; source: ByteSource }[]>();
  for (const source of sources) {
    const m = MEMBER_NAME.exec(source.name);
    if (!m) continue;
    const stem = `${m[1]}_%d${m[3] ?? ""}`;
    const list = byStem.get(stem) ?? [];
    list.push({ index: Number(m[2]), source });
    byStem.set(stem, list);
  }
  const joined = new Map<ByteSource, ByteSource | null>();
  for (const [stem, list] of byStem) {
    list.sort((a, b) => a.index - b.index);
    const first = list[0]!;
    if (first.index !== 0) continue;
    const header = readFamilyHeader(first.source);
    if (!header) continue;
    const members = list.map((m) => m.source);
    list.forEach((m, i) => {
      if (m.index !== i)
        throw new Error(`${first.source.name}: family member ${stem.replace("%d", String(i))} is missing`);
      if (i < list.length - 1 && m.source.size !== header.memberSize)
        throw new Error(`${m.source.name}: family member is ${m.source.size} bytes, expected ${header.memberSize}`);
    });
    const family = joinFamily(members, header.memberSize);
    const gap = gapAfter(stem, members.length, header);
    if (gap) gaps.set(family, gap);
    joined.set(first.source, family);
    for (const m of members.slice(1)) joined.set(m, null);
  }
  const out: ByteSource[] = [];
  for (const s of sources) {
    const j = joined.get(s);
    if (j === undefined) out.push(s);
    else if (j) out.push(j);
  }
  return out;
}
