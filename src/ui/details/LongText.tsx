import { memo, useMemo, useState } from "react";
import { VisibleText } from "../VisibleText";
import { textBlocks } from "./text-blocks";

/** Characters fetched per click: a 10 MB value is read in five steps, none of which holds the page up. */
export const TEXT_STEP = 2_000_000;

export interface LongTextProps {
  /** Names the region the whole text is shown in: "Value of <label>". */
  label: string;
  /** The text's beginning, as already read. */
  beginning: string;
  /** Characters of the whole text. */
  total: number;
  /** Reads `limit` characters from `offset`. */
  read: (offset: number, limit: number) => Promise<{ text: string }>;
}

/** A text longer than its beginning: the rest read from the file on request, TEXT_STEP at a time, shown wrapped. */
export function LongText({ label, beginning, total, read }: LongTextProps) {
  const [text, setText] = useState<string | null>(null);
  const [state, setState] = useState<"idle" | "loading" | { error: string }>("idle");
  const shown = text ?? beginning;
  const left = total - shown.length;
  const more = () => {
    setState("loading");
    read(shown.length, TEXT_STEP).then(
      (page) => {
        setText(shown + page.text);
        setState("idle");
      },
      (e: unknown) => setState({ error: e instanceof Error ? e.message : String(e) }),
    );
  };
  return (
    <>
      {text === null ? (
        <VisibleText text={shown} />
      ) : (
        <div className="nodedetails-longtext" aria-label={`Value of ${label}`} role="region" tabIndex={0}>
          <TextBlocks text={shown} />
        </div>
      )}
      {left > 0 && (
        <span className="nodedetails-more">
          {" "}
          … ({left.toLocaleString("en")} more {left === 1 ? "character" : "characters"}){" "}
          <button type="button" onClick={more} disabled={state === "loading"}>
            {state === "loading"
              ? "Reading…"
              : `Show ${left > TEXT_STEP ? `the next ${TEXT_STEP.toLocaleString("en")}` : "the rest"}`}
          </button>
        </span>
      )}
      {typeof state === "object" && (
        <span className="nodedetails-error" role="alert">
          {" "}
          Could not read the rest: {state.error}
        </span>
      )}
    </>
  );
}

/** A whole text as blocks laid out one by one (text-blocks.ts); the blocks a step read leave the earlier ones be. */
function TextBlocks({ text }: { text: string }) {
  const blocks = useMemo(() => textBlocks(text), [text]);
  return blocks.map((block, i) => <TextBlock key={i} text={block} />);
}

const TextBlock = memo(function TextBlock({ text }: { text: string }) {
  return (
    <div className="nodedetails-longtext-block">
      <VisibleText text={text} keepLineBreaks />
    </div>
  );
});
