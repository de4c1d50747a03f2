import { useId, useState } from "react";
import { formatBytes } from "../../core/format";
import type { ZipEstimate } from "../../core/receive/size-estimate";
import type { Panel } from "../store";
import { ChannelList } from "./ChannelList";
import { useReceive, type Latest } from "./use-receive";
import "./receive.css";

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * What Pennsieve will receive from the panel's ticked series at its chunk size and level, before converting:
 * the channel list as the metadata files will say it, the number of files and the zip's size.
 */
export function ReceiveSummary({ panel }: { panel: Panel }) {
  const id = useId();
  const { channels: latest, zip } = useReceive(panel);
  const channels = latest.answer;
  // Open stays open while the list is worked out again (a setting changed).
  const [open, setOpen] = useState(false);
  const waiting = !panel.selected.length
    ? "Tick a series to see what Pennsieve will receive."
    : !(panel.chunkMb > 0)
      ? "Enter a usable chunk size to see the channels and the zip's size."
      : null;
  const list = channels && "value" in channels ? channels.value : null;
  const busy = !waiting && (!latest.current || !zip.current);
  const chunkFiles = list ? list.reduce((n, c) => n + c.chunkFiles, 0) : 0;
  return (
    <section className="receive" aria-labelledby={`${id}-heading`} aria-busy={busy}>
      <h3 id={`${id}-heading`}>What Pennsieve will receive</h3>
      {busy && channels && <p className="receive-waiting">Updating for the new settings…</p>}
      {waiting && <p className="receive-waiting">{waiting}</p>}
      {!waiting && !channels && <p className="receive-waiting">Working out the channels…</p>}
      {channels && "error" in channels && <p className="receive-failed">{channels.error}</p>}
      {list && (
        <dl className="receive-facts">
          <dt>Channels</dt>
          <dd>
            {list.length.toLocaleString("en-US")} from{" "}
            {count(new Set(list.map((c) => c.series)).size, "series", "series")}
          </dd>
          <dt>Files</dt>
          <dd>
            {(chunkFiles + list.length).toLocaleString("en-US")}: {count(chunkFiles, "chunk file")} (float64 µV,
            gzipped) and {count(list.length, "metadata file")}
          </dd>
          <dt>Zip</dt>
          <dd aria-live="polite">
            <ZipSize answer={zip.answer} level={panel.level} />
          </dd>
        </dl>
      )}
      {list && (
        <p className="receive-units">
          Sizes in MB of 1,000,000 bytes (kB: 1,000); the chunk size is in MiB of 1,048,576 bytes (2<sup>20</sup>).
        </p>
      )}
      {list && (
        <details className="receive-channels" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>Channel list ({count(list.length, "channel")})</summary>
          <ChannelList channels={list} />
        </details>
      )}
    </section>
  );
}

/** The zip's size: exact at level 0, an estimate (labelled so) above it. */
function ZipSize({ answer, level }: { answer: Latest<ZipEstimate>["answer"]; level: number }) {
  if (!Number.isInteger(level)) return <>enter a gzip level 0–9 to see its size</>;
  if (!answer) return <>working out its size…</>;
  if ("error" in answer) return <span className="receive-failed">size unknown: {answer.error}</span>;
  return <>{zipText(answer.value)}</>;
}

export function zipText(z: ZipEstimate): string {
  const bytes = `${z.bytes.toLocaleString("en-US")} bytes`;
  const raw = `${formatBytes(z.rawBytes)} of samples before gzip`;
  if (z.exact) return `exactly ${formatBytes(z.bytes)} (${bytes}) at gzip level ${z.level} (stored; ${raw})`;
  if (z.sampledFiles === 0)
    return (
      `at most ${formatBytes(z.bytes)} at gzip level ${z.level}: its stored size, not estimated (the recording's ` +
      `stored chunks are too large to decode for a sample) (${raw})`
    );
  return (
    `about ${formatBytes(z.bytes)} at gzip level ${z.level}, estimated from ` +
    `${count(z.sampledFiles, "sampled chunk file")} (${raw})`
  );
}
