import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Session } from "../../core/nwb/model";
import { NO_SESSION_DETAILS } from "../../core/nwb/session-meta";
import { SHORT_TEXT_CHARS } from "./LongText";
import { SessionSummary } from "./SessionSummary";

const HOSTILE = "<img src=x onerror=alert(1)>";

function session(overrides: Partial<Session> = {}): Session {
  return {
    identifier: "id-1",
    sessionId: "",
    sessionStartTime: "2020-01-01T12:00:00-05:00",
    timestampsReferenceTime: "",
    sessionDescription: "a session",
    experimenter: [],
    institution: "",
    lab: "",
    keywords: [],
    nwbVersion: "2.7.0",
    ...NO_SESSION_DETAILS,
    ...overrides,
  };
}

const render = (s: Session) => renderToStaticMarkup(createElement(SessionSummary, { session: s }));

describe("SessionSummary", () => {
  it("shows the start time in the file's own zone with the text as written", () => {
    const html = render(session());
    expect(html).toContain('<time dateTime="2020-01-01T12:00:00-05:00">2020-01-01 12:00:00 \u221205:00</time>');
    expect(html).toContain("(as written: 2020-01-01T12:00:00-05:00)");
  });

  it("leaves out the fields a file lacks and says when a part is empty", () => {
    const html = render(session());
    expect(html).toContain("<dt>Identifier</dt>");
    expect(html).not.toContain("<dt>Lab</dt>");
    expect(html).not.toContain("<dt>Keywords</dt>");
    expect(html.match(/None in this file\./g)).toHaveLength(3); // subject, devices, electrode groups
  });

  it("shows the age with its reference, devices and groups with what the file says of them", () => {
    const html = render(
      session({
        subject: { ...NO_SESSION_DETAILS.subject, age: "P90D", ageReference: "birth" },
        devices: [{ name: "Probe", description: "test probe", manufacturer: "Acme" }],
        deviceCount: 3,
        electrodeGroups: [{ name: "shank0", description: "", location: "CA1", device: "Probe" }],
        electrodeGroupCount: 1,
      }),
    );
    expect(html).toContain("P90D (from birth)");
    expect(html).toContain("Devices (3)");
    expect(html).toMatch(/<strong>Probe<\/strong>.* — test probe.* · manufacturer: Acme/);
    expect(html).toMatch(/<strong>shank0<\/strong>.* — location: CA1.* · device: Probe/);
    expect(html).toContain("and 2 more (the first 1 are listed)");
  });

  it("shows hostile texts as text and a long text by its beginning and a button", () => {
    const long = "x".repeat(SHORT_TEXT_CHARS + 10);
    const html = render(session({ lab: HOSTILE, notes: long, keywords: [HOSTILE] }));
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain(`${"x".repeat(SHORT_TEXT_CHARS)}…`);
    expect(html).not.toContain("x".repeat(SHORT_TEXT_CHARS + 1));
    expect(html).toContain(`Show all of Notes (${(SHORT_TEXT_CHARS + 10).toLocaleString("en")} characters)`);
  });
});
