// What a conversion wrote, reduced to one digest per channel of its samples: the channel's files (ours are named by
// absolute time, the baseline's by time from the start, so only the order is shared) gunzipped in time order and
// hashed. Equal digests: the same float64 samples, in the same order, whatever the chunking or gzip level.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const SAMPLE_FILE = /^channel-(\d+)_(\d+)_(\d+)\.bin\.gz$/;

/** channel number → sha256 of its samples and their bytes. */
export function channelDigests(dir: string): Map<number, { sha256: string; bytes: number }> {
  const byChannel = new Map<number, { start: bigint; name: string }[]>();
  for (const name of readdirSync(dir)) {
    const m = SAMPLE_FILE.exec(name);
    if (!m) continue;
    const list = byChannel.get(Number(m[1])) ?? [];
    list.push({ start: BigInt(m[2]!), name });
    byChannel.set(Number(m[1]), list);
  }
  const out = new Map<number, { sha256: string; bytes: number }>();
  for (const [channel, files] of byChannel) {
    files.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const hash = createHash("sha256");
    let bytes = 0;
    for (const f of files) {
      const samples = gunzipSync(readFileSync(join(dir, f.name)));
      hash.update(samples);
      bytes += samples.length;
    }
    out.set(channel, { sha256: hash.digest("hex"), bytes });
  }
  return out;
}

/** Why two conversions' samples differ (the first few channels), or null when every channel is identical. */
export function compareDigests(
  ours: Map<number, { sha256: string; bytes: number }>,
  theirs: Map<number, { sha256: string; bytes: number }>,
): string | null {
  if (ours.size !== theirs.size) return `${ours.size} channels against ${theirs.size}`;
  const bad: string[] = [];
  for (const [channel, d] of ours) {
    const t = theirs.get(channel);
    if (!t) bad.push(`channel ${channel} missing from the baseline`);
    else if (t.sha256 !== d.sha256) bad.push(`channel ${channel}: ${d.bytes} bytes against ${t.bytes}, samples differ`);
  }
  return bad.length ? `${bad.length} channels differ (${bad.slice(0, 3).join("; ")})` : null;
}
