/** Factor from a data unit to microvolts (spec §3), or null for any other unit. */
export function unitFactor(unit: string): number | null {
  switch (unit.trim().toLowerCase()) {
    case "volts":
    case "v":
      return 1e6;
    case "millivolts":
    case "mv":
      return 1e3;
    case "microvolts":
    case "uv":
      return 1;
    default:
      return null;
  }
}
