import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initH5 } from "../core/hdf5/h5";
import { Session } from "../core/session";
import { openNodeSource } from "../node/file-source";
import { loadNodePlugin } from "../node/plugins";
import { zlibInflate } from "../node/zlib-gzip";
import { NWB } from "../../test/golden";
import { newPanel } from "./reopen-with-added";
import { withSettings } from "./settings-slice";

describe("the shared chunk size and level, as each file takes them", () => {
  it("gives each panel the usable values for its own series, NaN where the text is wrong for them", async () => {
    const module = await initH5(loadNodePlugin);
    const s = new Session(module, [openNodeSource(join(NWB, "gaps4.nwb"))], zlibInflate);
    const gaps = newPanel(1, s.files(["gaps4.nwb"])[0]!);
    const planned = { ...gaps, outputs: s.outputs("gaps4.nwb", 1) };

    const same = withSettings(planned, { chunkMb: "1", level: "1" });
    expect(same).toBe(planned); // nothing changed: the planned counts stay

    const changed = withSettings(planned, { chunkMb: "0.25", level: "6" });
    expect([changed.chunkMb, changed.level, changed.outputs]).toEqual([0.25, 6, null]);

    const levelOnly = withSettings(planned, { chunkMb: "1", level: "9" });
    expect([levelOnly.level, levelOnly.outputs]).toEqual([9, planned.outputs]);

    // 1 sample per chunk would make more than 100,000 files per channel of this recording.
    const tooSmall = withSettings(planned, { chunkMb: "0.00001", level: "x" });
    expect(tooSmall.chunkMb).toBeNaN();
    expect(tooSmall.level).toBeNaN();
    s.close();
  });
});
