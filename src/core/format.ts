/** Sizes for people: decimal units, three significant digits; null reads "unknown" (never a guess). */
export function formatBytes(n: number | null): string {
  if (n === null) return "unknown";
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
