import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNwb } from "../src/core/nwb/read-nwb";
import { openNodeSet } from "../src/node/engine";

// Real files from older pynwb releases; they stay in ../shared and are never committed here.
const DIR = join(import.meta.dirname, "..", "..", "shared", "fixtures", "back_compat");
const files = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith(".nwb"))
      .sort()
  : [];

describe.skipIf(files.length === 0)("files from older pynwb releases", () => {
  it.each(files)("%s opens and inspects", async (name) => {
    const { set, close } = await openNodeSet([join(DIR, name)]);
    try {
      const nwb = readNwb(set, name);
      expect(nwb.name).toBe(name);
      expect(nwb.session.identifier.length).toBeGreaterThan(0);
      for (const s of nwb.series) expect(s.path.startsWith("/")).toBe(true);
    } finally {
      close();
    }
  });
});
