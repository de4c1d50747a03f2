import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TreeNode } from "../core/inspect/tree";
import { NodeLabel } from "./NodeDetails";
import { Tree } from "./Tree";

const HOSTILE = "<img src=x onerror=alert(1)>";
const label = (node: TreeNode) => renderToStaticMarkup(createElement(NodeLabel, { node }));

describe("Tree", () => {
  it("says it is loading before the root is listed", () => {
    const html = renderToStaticMarkup(createElement(Tree, { sessionId: 1, fileName: HOSTILE, onSelect: () => {} }));
    expect(html).toContain("Loading the contents of &lt;img");
    expect(html).not.toContain("<img");
  });
});

describe("NodeLabel", () => {
  it("shows groups with a folder and their child count", () => {
    const html = label({ name: "acquisition", path: "/acquisition", kind: "group", childCount: 3 });
    expect(html).toContain("tree-icon-group");
    expect(html).toContain("(3 items)");
  });

  it("shows datasets with dtype and shape", () => {
    const dataset = { shape: [600000, 384], dtype: "<i2", chunks: null, filters: [], logicalBytes: 1, storedBytes: 1 };
    expect(label({ name: "data", path: "/data", kind: "dataset", dataset })).toContain("int16 [600000, 384]");
  });

  it("shows links with their targets and flags broken external links in words", () => {
    const soft = label({ name: "s", path: "/s", kind: "soft-link", target: "/acquisition/x" });
    expect(soft).toContain("→ /acquisition/x");
    const external = label({ name: "e", path: "/e", kind: "external-link", target: "raw.nwb:/data", broken: true });
    expect(external).toContain("⇒ raw.nwb:/data");
    expect(external).toContain("broken: file not opened");
    expect(external).toContain("tree-broken");
  });

  it("renders hostile names and targets as text", () => {
    const html = label({ name: HOSTILE, path: `/${HOSTILE}`, kind: "soft-link", target: HOSTILE, broken: true });
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("NodeLabel with names that draw something else", () => {
  it("shows right-to-left overrides, newlines, ANSI escapes and zero-width characters as marked escapes", () => {
    const html = label({ name: "invoice\u202Efdp.exe", path: "/x", kind: "group", childCount: 0 });
    expect(html).toContain('invoice<span class="escaped-char"');
    expect(html).toContain(">\\u{202E}</span>fdp.exe");
    expect(html).not.toContain("\u202E");
    const link = label({ name: "a\nb\u001b[0m", path: "/y", kind: "soft-link", target: "/t\u200Bx" });
    expect(link).toContain(">\\n</span>b<");
    expect(link).toContain(">\\u{1B}</span>[0m");
    expect(link).toContain("/t<span");
    for (const c of ["\n", "\u001b", "\u200B"]) expect(link).not.toContain(c);
  });
});
