import { readNwb } from "../core/nwb/read-nwb";
import { openNodeSet } from "../node/engine";

export async function inspectCommand(files: string[], json: boolean): Promise<string> {
  const { set, close } = await openNodeSet(files);
  try {
    const nwb = readNwb(set, set.names[0]!);
    return json ? JSON.stringify(nwb, null, 2) + "\n" : JSON.stringify(nwb, null, 2) + "\n";
  } finally {
    close();
  }
}
