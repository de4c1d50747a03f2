import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DatasetSummary, TreeNode } from "../core/inspect/tree";
import { NodeDetails } from "./NodeDetails";

const HOSTILE = "<img src=x onerror=alert(1)>";

const render = (node: TreeNode) =>
  renderToStaticMarkup(createElement(NodeDetails, { sessionId: 1, fileName: "a.nwb", node }));

const dataset = (overrides: Partial<DatasetSummary> = {}): TreeNode => ({
  name: "data",
  path: "/acquisition/es/data",
  kind: "dataset",
  dataset: {
    shape: [600000, 384],
    dtype: "<i2",
    chunks: [16384, 64],
    filters: [{ id: 1, name: "deflate", options: [4] }],
    logicalBytes: 460_800_000,
    storedBytes: 115_200_000,
    ...overrides,
  },
});

describe("NodeDetails", () => {
  it("describes a chunked, filtered dataset", () => {
    const html = render(dataset());
    expect(html).toContain("/acquisition/es/data");
    expect(html).toContain("[600000, 384]");
    expect(html).toContain("[16384, 64]");
    expect(html).toContain("deflate (id 1), cd_values [4]");
    expect(html).toContain("115.2 MB");
    expect(html).toContain("460.8 MB");
    expect(html).toContain("4.00 : 1");
    expect(html).toContain("Loading attributes…");
    expect(html).toContain("Reading values…");
    expect(html).toContain("Rows 0–99 of 600,000; columns 0–19 of 384");
  });

  it("says contiguous and unknown instead of guessing", () => {
    const html = render(dataset({ chunks: null, filters: [], storedBytes: null, logicalBytes: null }));
    expect(html).toContain("contiguous");
    expect(html).toContain("none");
    // Stored size and the ratio are unknown; the logical size of variable-length values is said to need reading.
    expect(html.match(/unknown/g)).toHaveLength(2);
    expect(html).toContain("variable-length values (their size is known only by reading them)");
  });

  it("shows a link's target and whether it is broken, without attributes", () => {
    const html = render({ name: "raw", path: "/raw", kind: "external-link", target: "raw.nwb:/d", broken: true });
    expect(html).toContain("raw.nwb:/d");
    expect(html).toContain("broken: file not opened");
    expect(html).not.toContain("Attributes");
  });

  it("renders hostile paths as text", () => {
    const html = render({ name: HOSTILE, path: `/${HOSTILE}`, kind: "group", childCount: 0 });
    expect(html).not.toContain("<img");
    expect(html).toContain("/&lt;img src=x onerror=alert(1)&gt;");
  });
});
