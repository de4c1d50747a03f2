import { formatReport, reportFile } from "../core/inspect/report";
import { nodeInputs, openNodeSet } from "../node/engine";
import { namingTheFile } from "./reading";

/** Reports every file of the set (a family counts as one file), the main one first. */
export async function inspectCommand(files: string[], json: boolean, names?: Record<string, string>): Promise<string> {
  const { set, close } = await openNodeSet(nodeInputs(files, names));
  try {
    const reports = [];
    // Each file answers for itself: a damaged file beside the main one is the one named.
    for (const name of set.names) reports.push(await namingTheFile(set, name, () => reportFile(set, name)));
    return json ? JSON.stringify(reports, null, 2) + "\n" : reports.map(formatReport).join("\n");
  } finally {
    close();
  }
}
