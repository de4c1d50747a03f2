import { remoteName } from "../core/remote/dandi";
import type { RemoteEntry } from "../core/remote/remote-entry";

/** A line of the field that is not a URL the page can read, and why. */
export interface BadLine {
  line: number;
  text: string;
  reason: string;
}

/** The field's lines as files to open (one URL a line, blank lines skipped), or what is wrong with some. */
export function parseUrlLines(text: string): { entries: RemoteEntry[]; bad: BadLine[] } {
  const entries: RemoteEntry[] = [];
  const bad: BadLine[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const reason = problemOf(line);
    if (reason) bad.push({ line: i + 1, text: line, reason });
    else entries.push({ url: new URL(line).href, name: remoteName(line) });
  });
  return { entries, bad };
}

function problemOf(line: string): string | null {
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "is not an http or https URL";
  if (!remoteName(url.href)) return "names no file (it ends in /)";
  return null;
}
