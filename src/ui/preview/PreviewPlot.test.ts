import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PreviewPlot } from "./PreviewPlot";

const render = (seriesPaths: string[]) =>
  renderToStaticMarkup(createElement(PreviewPlot, { sessionId: 1, fileName: "a.nwb", seriesPaths }));

describe("PreviewPlot", () => {
  it("says when no series is selected", () => {
    expect(render([])).toContain("No series selected");
  });

  it("says it is loading the named series, hostile names as text", () => {
    const html = render(["/acquisition/<img src=x onerror=alert(1)>"]);
    expect(html).toContain("Loading the preview of &lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img");
  });
});
