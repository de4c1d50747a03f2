import { useState } from "react";
import { microsToIso, type ReceivedChannel } from "../../core/receive/channel-list";
import { VisibleText } from "../VisibleText";

/** Rows shown at a time: a 1,536-channel probe is 16 pages, none of which makes the page slow. */
export const CHANNELS_PER_PAGE = 100;

/** Pennsieve's unit for every channel ("uV" in the metadata files), as people write it. */
const UNIT = { uV: "µV" } as const;

/** The channels of a conversion, a page at a time, with exactly the values their metadata files will hold. */
export function ChannelList({ channels }: { channels: ReceivedChannel[] }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(channels.length / CHANNELS_PER_PAGE));
  const at = Math.min(page, pages - 1); // the list may have shrunk since (fewer series ticked)
  const first = at * CHANNELS_PER_PAGE;
  const shown = channels.slice(first, first + CHANNELS_PER_PAGE);
  const several = new Set(channels.map((c) => c.series)).size > 1;
  const range = `${(first + 1).toLocaleString("en-US")}–${(first + shown.length).toLocaleString("en-US")}`;
  return (
    <div className="channel-list">
      {pages > 1 && (
        <div className="channel-pager">
          <button type="button" disabled={at === 0} onClick={() => setPage(at - 1)}>
            Previous channels
          </button>
          <span>
            Channels {range} of {channels.length.toLocaleString("en-US")}
          </span>
          <button type="button" disabled={at === pages - 1} onClick={() => setPage(at + 1)}>
            Next channels
          </button>
        </div>
      )}
      <p className="channel-note">
        As each channel&apos;s metadata file will hold it: times in UTC and in µs since 1970-01-01 00:00 UTC.
      </p>
      <div className="channel-scroll" tabIndex={0} role="group" aria-label="Channel list, scrolls">
        <table className="channel-table">
          <caption>
            Channels {range} of {channels.length.toLocaleString("en-US")}
          </caption>
          <thead>
            <tr>
              <th scope="col">Index</th>
              {several && <th scope="col">Series</th>}
              <th scope="col">Name</th>
              <th scope="col">Group</th>
              <th scope="col">Unit</th>
              <th scope="col">Rate (Hz)</th>
              <th scope="col">Start (UTC)</th>
              <th scope="col">Start (µs)</th>
              <th scope="col">End (UTC)</th>
              <th scope="col">End (µs)</th>
              <th scope="col">Segments</th>
              <th scope="col">Chunk files</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.index}>
                <td>{c.index}</td>
                {several && (
                  <td>
                    <VisibleText text={c.series} />
                  </td>
                )}
                <td>
                  <VisibleText text={c.name} />
                </td>
                <td>
                  <VisibleText text={c.group} />
                </td>
                <td>{UNIT[c.unit]}</td>
                <td>{c.rate}</td>
                <td>{microsToIso(c.start)}</td>
                <td>{c.start}</td>
                <td>{microsToIso(c.end)}</td>
                <td>{c.end}</td>
                <td>{c.segments}</td>
                <td>{c.chunkFiles}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
