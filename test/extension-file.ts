// Writes an NWB file that uses an extension (issue 17, point 1), at test time from the committed tables.nwb: its
// embedded specifications gain a namespace of our own whose type has a description, and the file gains objects
// of that type, a processing module and a stimulus, so that the tree and the overview have every part to show.
import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NWB } from "./golden";

export const EXTENSION_DIR = join(tmpdir(), "nwb2pennsieve-extension-v1");
export const EXTENSION_NAMESPACE = "ndx-test-probe";
export const EXTENSION_TYPE = "TestProbe";
/** Markup in the description: it must show as text. */
export const EXTENSION_DOC = "A probe made for the tests, <b>not bold</b>: its description comes from the file.";

/** Writes extension.nwb into `dir` (once: an existing one is reused) and returns its path. */
export async function writeExtensionFile(dir = EXTENSION_DIR): Promise<string> {
  const path = join(dir, "extension.nwb");
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const h5wasm = (await import("h5wasm/node")).default;
  await h5wasm.ready;
  const partial = `${path}.partial`;
  copyFileSync(join(NWB, "tables.nwb"), partial);
  const f = new h5wasm.File(partial, "a");
  type H5Group = ReturnType<typeof f.create_group>;
  const typed = (g: H5Group, type: string, namespace = "core") => {
    g.create_attribute("neurodata_type", type);
    g.create_attribute("namespace", namespace);
    return g;
  };
  try {
    const spec = (f.get("/specifications") as H5Group).create_group(EXTENSION_NAMESPACE).create_group("0.1.0");
    const schema = {
      groups: [{ neurodata_type_def: EXTENSION_TYPE, neurodata_type_inc: "Device", doc: EXTENSION_DOC }],
    };
    const namespace = { namespaces: [{ name: EXTENSION_NAMESPACE, version: "0.1.0", schema: [{ source: "probe" }] }] };
    spec.create_dataset({ name: "probe", data: JSON.stringify(schema) });
    spec.create_dataset({ name: "namespace", data: JSON.stringify(namespace) });
    typed((f.get("/general/devices") as H5Group).create_group("test_probe"), EXTENSION_TYPE, EXTENSION_NAMESPACE);
    const behavior = typed((f.get("/processing") as H5Group).create_group("behavior"), "ProcessingModule");
    behavior.create_attribute("description", "behavioural data");
    typed(behavior.create_group("Position"), "Position");
    // tables.nwb has /stimulus/presentation, empty (as PyNWB writes it).
    const presentation = f.get("/stimulus/presentation") as H5Group;
    const tones = typed(presentation.create_group("tones"), "TimeSeries");
    tones.create_dataset({ name: "data", data: new Float64Array([1, 2, 3]) });
  } finally {
    f.close();
  }
  renameSync(partial, path);
  return path;
}
