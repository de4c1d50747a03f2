import { useEffect, useState } from "react";
import type { ValuePage } from "../../core/inspect/values";
import { call } from "../bridge";
import { VisibleText } from "../VisibleText";
import { LongText } from "./LongText";
import { PageControls } from "./PageControls";
import { firstPlace, pageBox, type PagePlace } from "./value-paging";
import { ValuesTable } from "./ValuesTable";
import "./values.css";

export interface DatasetValuesProps {
  sessionId: number;
  fileName: string;
  path: string;
  shape: number[];
}

type Loaded = { key: string; page: ValuePage } | { key: string; error: string };

/**
 * A dataset's values: a scalar whole (a long text by steps), an array a page at a time — only the page's box is read
 * from the file, so a recording of a billion samples costs what its first hundred rows cost.
 */
export function DatasetValues({ sessionId, fileName, path, shape }: DatasetValuesProps) {
  const [place, setPlace] = useState<PagePlace>(() => firstPlace(shape));
  const box = pageBox(shape, place);
  const key = JSON.stringify([sessionId, fileName, path, box]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let current = true;
    const { start, count } = JSON.parse(key).at(-1) as { start: number[]; count: number[] };
    call(sessionId, (api) => api.values(sessionId, fileName, path, start, count)).then(
      (page) => current && setLoaded({ key, page }),
      (e: unknown) => current && setLoaded({ key, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [key, sessionId, fileName, path]);

  const readText = (index: number[], field: number) => (offset: number, limit: number) =>
    call(sessionId, (api) => api.valueText(sessionId, fileName, path, index, field, offset, limit));
  const shown = loaded?.key === key ? loaded : null;

  return (
    <>
      <h4 className="nodedetails-subtitle">{shape.length ? "Values" : "Value"}</h4>
      {shape.length > 0 && (
        <PageControls
          shape={shape}
          place={place}
          rows={shape.length === 1 ? box.count[0]! : box.count.at(-2)!}
          columns={shape.length === 1 ? 1 : box.count.at(-1)!}
          onMove={setPlace}
        />
      )}
      {!shown ? (
        <p className="nodedetails-status">Reading values…</p>
      ) : "error" in shown ? (
        <p className="nodedetails-status nodedetails-error" role="alert">
          Could not read the values: {shown.error}
        </p>
      ) : shape.length === 0 ? (
        <ScalarValue page={shown.page} path={path} read={readText([], 0)} />
      ) : (
        <ValuesTable page={shown.page} path={path} readText={readText} />
      )}
    </>
  );
}

/** A scalar's one value (or a compound's fields, one line each), wrapped; a long text read by steps. */
function ScalarValue({
  page,
  path,
  read,
}: {
  page: ValuePage;
  path: string;
  read: (o: number, l: number) => Promise<{ text: string }>;
}) {
  if (page.fields)
    return (
      <dl className="nodedetails-facts values-scalar">
        {page.fields.map((f, i) => (
          <div key={i} className="nodedetails-fact">
            <dt>
              <VisibleText text={f} />
            </dt>
            <dd>
              <VisibleText text={page.cells[i] ?? ""} />
            </dd>
          </div>
        ))}
      </dl>
    );
  const cut = page.cut[0];
  // A long text names its own region once it is read in full ("Value of <path>"); a short one is that region now.
  return cut ? (
    <div className="values-scalar">
      <LongText label={path} beginning={page.cells[0]!} total={cut} read={read} />
    </div>
  ) : (
    <div className="values-scalar" aria-label={`Value of ${path}`} role="region" tabIndex={0}>
      {page.cells[0] ? (
        <VisibleText text={page.cells[0]} keepLineBreaks />
      ) : (
        <span className="nodedetails-status">(empty)</span>
      )}
    </div>
  );
}
