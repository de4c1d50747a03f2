import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import h5wasm from "h5wasm/node";
import { describe, expect, it } from "vitest";
import type { FileSet } from "../src/core/hdf5/file-set";
import { readSession } from "../src/core/nwb/session-meta";
import { openNodeSet } from "../src/node/engine";
import { NWB } from "./golden";

const SHARED = join(import.meta.dirname, "..", "..", "shared", "fixtures");

async function sessionOf(path: string) {
  const { set, close } = await openNodeSet([path]);
  try {
    return readSession((set as FileSet).file(path.split("/").pop()!));
  } finally {
    close();
  }
}

describe("the session at a glance, read from the file", () => {
  it("reads every general and subject field, devices and electrode groups", async () => {
    const s = await sessionOf(join(NWB, "session_full.nwb"));
    expect(s).toMatchObject({
      identifier: "tables",
      sessionId: "S-0042",
      sessionDescription: "fixture tables",
      sessionStartTime: "2024-01-01T00:00:00+00:00",
      experimenter: ["Ada", "Grace"],
      institution: "Université de Test",
      lab: "Lab of Tests",
      keywords: ["test", "tables"],
      experimentDescription: "Head-fixed mice running on a wheel",
      protocol: "IACUC 2024-017",
      notes: "Line one of the notes.\nLine two, after a break.",
      relatedPublications: ["doi:10.1000/one", "doi:10.1000/two"],
      nwbVersion: "2.6.0",
    });
    expect(s.subject).toEqual({
      subjectId: "mouse-42",
      species: "Mus musculus",
      sex: "M",
      age: "P12W",
      ageReference: "gestational",
      dateOfBirth: "2023-10-02T08:15:00-04:00",
      genotype: "Ai32/+",
      strain: "C57BL/6J",
      weight: "24.5 g",
      description: "Healthy adult, implanted at P10W",
    });
    expect(s.devices).toEqual([
      { name: "Amplifier", description: "32-channel headstage", manufacturer: "Intan" },
      { name: "Probe", description: "test probe", manufacturer: "Acme" },
    ]);
    expect(s.deviceCount).toBe(2);
    // The electrodes table beside the groups is not a group.
    expect(s.electrodeGroups).toEqual([{ name: "shank0", description: "shank 0", location: "CA1", device: "Probe" }]);
    expect(s.electrodeGroupCount).toBe(1);
  });

  it("reads several electrode groups and the subject of a converted fixture", async () => {
    const s = await sessionOf(join(NWB, "intan32.nwb"));
    expect(s.sessionStartTime).toBe("2023-05-17T09:30:12-07:00");
    expect(s.subject).toMatchObject({ subjectId: "mouse-17", sex: "F", age: "P90D", ageReference: "birth" });
    expect(s.subject.weight).toBe("");
    expect(s.electrodeGroups.map((g) => [g.name, g.device])).toEqual([
      ["shank0", "Probe"],
      ["shank1", "Probe"],
    ]);
  });

  const external = join(SHARED, "external", "nwb", "nc_mock_default.nwb");
  it.skipIf(!existsSync(external))("reads NeuroConv's devices and groups (a group named 0)", async () => {
    const s = await sessionOf(external);
    expect(s.devices).toEqual([{ name: "DeviceEcephys", description: "no description", manufacturer: "" }]);
    expect(s.electrodeGroups).toEqual([
      { name: "0", description: "no description", location: "unknown", device: "DeviceEcephys" },
    ]);
    expect(s.sessionDescription).toBe("");
  });
});

describe("odd layouts", () => {
  it("reads what it can from fields of the wrong kind and never throws", async () => {
    await h5wasm.ready;
    const path = join(mkdtempSync(join(tmpdir(), "session-meta-")), "odd.nwb");
    const f = new h5wasm.File(path, "w");
    f.create_attribute("nwb_version", "2.7.0");
    f.create_dataset({ name: "identifier", data: "odd" });
    // A number where text belongs, a group where a dataset belongs, a dataset where a group belongs.
    f.create_dataset({ name: "session_start_time", data: new Float64Array([1.5]), shape: [] });
    const general = f.create_group("general");
    general.create_dataset({ name: "experimenter", data: new Int32Array([1, 2]) });
    general.create_group("lab");
    general.create_dataset({ name: "keywords", data: Array.from({ length: 1500 }, (_, i) => `k${i}`) });
    general.create_dataset({ name: "subject", data: "a mouse" });
    general.create_group("devices").create_dataset({ name: "OldProbe", data: "written as NWB 1.x did" });
    const ecephys = general.create_group("extracellular_ephys");
    const g = ecephys.create_group("tetrode1");
    g.create_dataset({ name: "description", data: "NWB 1.x tetrode" });
    g.create_dataset({ name: "location", data: "CA3" });
    g.create_dataset({ name: "device", data: "OldProbe" });
    ecephys.create_dataset({ name: "not_a_group", data: "x" });
    f.close();
    const s = await sessionOf(path);
    expect(s.identifier).toBe("odd");
    expect(s.sessionStartTime).toBe("1.5");
    expect(s.experimenter).toEqual(["1", "2"]);
    expect(s.lab).toBe("");
    // A long list is read as its first 1,000 items.
    expect(s.keywords).toHaveLength(1000);
    expect(s.keywords.at(-1)).toBe("k999");
    expect(s.subject.subjectId).toBe("");
    expect(s.devices).toEqual([{ name: "OldProbe", description: "written as NWB 1.x did", manufacturer: "" }]);
    expect(s.electrodeGroups).toEqual([
      { name: "tetrode1", description: "NWB 1.x tetrode", location: "CA3", device: "OldProbe" },
    ]);
  });
});

const BACK_COMPAT = join(SHARED, "back_compat");
const oldFiles = existsSync(BACK_COMPAT) ? readdirSync(BACK_COMPAT).filter((f) => f.endsWith(".nwb")) : [];

describe.skipIf(oldFiles.length === 0)("the session of files from older pynwb releases", () => {
  it.each(oldFiles)("%s: read without throwing", async (name) => {
    const s = await sessionOf(join(BACK_COMPAT, name));
    expect(s.identifier).toBe("ADDME");
    expect(s.sessionStartTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("takes a single string where a list belongs (experimenter, related publications)", async () => {
    for (const version of ["1.0.2", "1.0.3", "1.1.0", "1.1.2"]) {
      expect((await sessionOf(join(BACK_COMPAT, `${version}_str_experimenter.nwb`))).experimenter).toEqual([
        "one experimenter",
      ]);
      expect((await sessionOf(join(BACK_COMPAT, `${version}_str_pub.nwb`))).relatedPublications).toEqual([
        "one publication",
      ]);
    }
  });

  it("leaves the age reference empty where the file has none", async () => {
    const s = await sessionOf(join(BACK_COMPAT, "2.2.0_subject_no_age__reference.nwb"));
    expect(s.subject).toMatchObject({ subjectId: "RAT123", age: "P90D", ageReference: "", description: "A rat" });
  });
});
