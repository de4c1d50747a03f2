import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { OpenedFile } from "../core/session";
import { NO_SESSION_DETAILS } from "../core/nwb/session-meta";
import { MetadataTable } from "./MetadataTable";

const HOSTILE = "<img src=x onerror=alert(1)>";

function file(name: string, size: number, lab: string): OpenedFile {
  return {
    name,
    size,
    members: [],
    isHdf5: true,
    error: null,
    nwb: {
      name,
      session: {
        identifier: "id",
        sessionId: "s",
        sessionStartTime: "2024-01-01T00:00:00Z",
        timestampsReferenceTime: "2024-01-01T00:00:00Z",
        sessionDescription: "d",
        experimenter: [],
        institution: "",
        lab,
        keywords: [],
        ...NO_SESSION_DETAILS,
        nwbVersion: "2.8.0",
      },
      series: [],
    },
  };
}

describe("MetadataTable", () => {
  it("renders one row per file with sortable headers", () => {
    const html = renderToStaticMarkup(
      createElement(MetadataTable, {
        files: [
          file("a.nwb", 2000, "Lab A"),
          { name: "b.bin", size: 5, members: [], isHdf5: false, nwb: null, error: "b.bin: not HDF5" },
        ],
      }),
    );
    expect(html.match(/<tr>/g)).toHaveLength(3);
    // Columns no file has a value in are hidden: 11 of them have one here.
    expect(html.match(/aria-sort="none"/g)).toHaveLength(11);
    expect(html).not.toContain(">Species<");
    expect(html).toContain("2.00 kB");
    // The error has a column of its own, after the file name.
    expect(html).toContain('<td class="metadata-cell-error"><span class="metadata-error">b.bin: not HDF5</span></td>');
    expect(html).toContain("Metadata columns");
    // Date-times read as dates in the file's own zone (the CSV keeps the ISO text).
    expect(html).toContain('<td class="metadata-cell-sessionStart">2024-01-01 00:00:00 UTC</td>');
    expect(html).toContain("Export CSV");
  });

  it("shows hostile strings as text", () => {
    const html = renderToStaticMarkup(createElement(MetadataTable, { files: [file(HOSTILE, 1, HOSTILE)] }));
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("shows right-to-left overrides and control characters in names and texts as marked escapes", () => {
    const tricky = "invoice\u202Efdp.nwb";
    const html = renderToStaticMarkup(createElement(MetadataTable, { files: [file(tricky, 1, "Lab\u001b[2Jx")] }));
    expect(html).not.toContain("\u202E");
    expect(html).not.toContain("\u001b");
    expect(html).toContain(
      'invoice<span class="escaped-char" title="an invisible or control character">\\u{202E}</span>fdp.nwb',
    );
    expect(html).toContain(
      'Lab<span class="escaped-char" title="an invisible or control character">\\u{1B}</span>[2Jx',
    );
  });
});
