import { useEffect, useRef, useState } from "react";
import type { ReceivedChannel } from "../../core/receive/channel-list";
import type { ZipEstimate } from "../../core/receive/size-estimate";
import { call } from "../bridge";
import type { Panel } from "../store";

/** An answer for the settings it was asked with (`key`). */
type Answer<T> = { key: string; value: T } | { key: string; error: string };

/** A pause after typing before asking: a chunk size typed digit by digit asks once. */
const SETTLE_MS = 250;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The latest answer, and whether it answers the settings shown now (else a new one is on its way). */
export interface Latest<T> {
  answer: Answer<T> | null;
  current: boolean;
}

/**
 * Asks the set's worker `ask` whenever `key` changes (after a pause), keeping the latest answer meanwhile (so
 * what the user opened stays open while a setting changes). `key` null: nothing to ask (no series ticked, no
 * usable setting), and nothing to show.
 */
function useAnswer<T>(key: string | null, ask: () => Promise<T>): Latest<T> {
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  // One question at a time: the worker cannot drop a question it has queued, and a sampled estimate may decode
  // large chunks, so settings changed meanwhile wait, and only the latest is asked after (a conversion asked for
  // meanwhile waits behind at most one).
  const asking = useRef(false);
  const asked = useRef<string | null>(null);
  const [done, setDone] = useState(0);
  useEffect(() => {
    if (key === null || asking.current || asked.current === key) return;
    const timer = setTimeout(() => {
      asking.current = true;
      asked.current = key;
      ask()
        .then(
          (value) => setAnswer({ key, value }),
          (e: unknown) => setAnswer({ key, error: errorText(e) }),
        )
        .finally(() => {
          asking.current = false;
          setDone((n) => n + 1);
        });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
    // `ask` is a new closure every render; `key` holds everything it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, done]);
  if (key === null) return { answer: null, current: true };
  return { answer, current: answer?.key === key };
}

/** What the panel's conversion will write, for its ticked series and settings: the channels and the zip's size. */
export function useReceive(panel: Panel) {
  const { sessionId, selected, chunkMb, level } = panel;
  const file = panel.file.name;
  const base = selected.length && chunkMb > 0 ? JSON.stringify([sessionId, file, selected, chunkMb]) : null;
  const channels = useAnswer<ReceivedChannel[]>(base, () =>
    call(sessionId, (api) => api.receivedChannels(sessionId, file, selected, chunkMb)),
  );
  const withLevel = base !== null && Number.isInteger(level) ? `${base}\u0000${level}` : null;
  const zip = useAnswer<ZipEstimate>(withLevel, () =>
    call(sessionId, (api) => api.estimateZip(sessionId, file, selected, chunkMb, level)),
  );
  return { channels, zip };
}
