import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { Emulator } from "./emulator/emulator";
import type { GoldenCase } from "./golden";

/**
 * Differences between what landed in the emulator's bucket for a package and
 * a golden case: every chunk file exactly once, under its channel id, with
 * the golden decompressed bytes. Empty when it all landed.
 */
export async function landedProblems(emu: Emulator, g: GoldenCase, packageId: string): Promise<string[]> {
  const problems: string[] = [];
  const channels = emu.state.channels.get(packageId) ?? [];
  // Names repeat across series (an LFP of the same electrodes): match on name and rate, as Pennsieve does.
  const idOf = (meta: { name: string; rate: number }) =>
    channels.find((c) => c.name === meta.name && Math.abs(1 - meta.rate / c.rate) < 0.02)?.id ?? "?";
  const objects = await emu.listObjects();
  const byRemote = new Map<string, string[]>();
  for (const o of objects) {
    const remote = o.key.slice(o.key.indexOf("/") + 1);
    byRemote.set(remote, [...(byRemote.get(remote) ?? []), o.key]);
  }
  if (objects.length !== Object.keys(g.files).length)
    problems.push(`${objects.length} objects, want ${Object.keys(g.files).length}`);
  for (const [name, want] of Object.entries(g.files)) {
    const index = name.slice(0, "channel-00000".length);
    const meta = g.channels[`${index}.metadata.json`] as { name: string; rate: number };
    const remote = name.replace(index, idOf(meta));
    const keys = byRemote.get(remote) ?? [];
    if (keys.length !== 1) {
      problems.push(`${name} as ${remote}: ${keys.length} objects`);
      continue;
    }
    const raw = gunzipSync(await emu.getObject(keys[0]!));
    if (createHash("sha256").update(raw).digest("hex") !== want.sha256) problems.push(`${remote}: bytes differ`);
  }
  return problems;
}
