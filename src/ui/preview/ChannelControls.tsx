/** Channels a page shows. */
export const PAGE_CHANNELS = 16;

interface Props {
  from: number;
  to: number;
  total: number;
  pageIndex: number;
  overview: boolean;
  perChannel: boolean;
  onPage(index: number): void;
  onOverview(on: boolean): void;
  onPerChannel(on: boolean): void;
}

/** Which channels are shown (a page of them or all) and how they are scaled. */
export function ChannelControls(p: Props) {
  const pages = Math.ceil(p.total / PAGE_CHANNELS);
  return (
    <div className="preview-channels" role="group" aria-label="Preview channels">
      {!p.overview && pages > 1 && (
        <>
          <button type="button" onClick={() => p.onPage(p.pageIndex - 1)} disabled={p.pageIndex === 0}>
            Previous channels
          </button>
          <button type="button" onClick={() => p.onPage(p.pageIndex + 1)} disabled={p.pageIndex >= pages - 1}>
            Next channels
          </button>
        </>
      )}
      <span className="preview-channel-range">
        {p.total === 0 ? "no channels" : `channels ${p.from + 1}–${p.to} of ${p.total}`}
      </span>
      {p.total > PAGE_CHANNELS && (
        <label>
          <input type="checkbox" checked={p.overview} onChange={(e) => p.onOverview(e.currentTarget.checked)} />
          Overview of all channels
        </label>
      )}
      <label>
        <input type="checkbox" checked={p.perChannel} onChange={(e) => p.onPerChannel(e.currentTarget.checked)} />
        Scale each channel to its own range
      </label>
    </div>
  );
}
