/**
 * A file the page opens over HTTP(S) rather than from disk: its URL (a plain file URL, or a DANDI asset's
 * download URL, which redirects to a signed one) and the name its panel, links and family members go by (the
 * URL's last segment, or the last segment of the DANDI asset's path). `size` when already known (DANDI's
 * listing gives it); otherwise the first range answer tells it.
 */
export interface RemoteEntry {
  url: string;
  name: string;
  size?: number;
}
