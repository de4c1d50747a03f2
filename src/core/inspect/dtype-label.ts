/** h5wasm's one-letter codes (Python struct's) for the numbers HDF5 stores. */
const CODES: Record<string, string> = {
  b: "int8",
  B: "uint8",
  h: "int16",
  H: "uint16",
  i: "int32",
  I: "uint32",
  q: "int64",
  Q: "uint64",
  e: "float16",
  f: "float32",
  d: "float64",
};
const KINDS: Record<string, string> = { i: "int", u: "uint", f: "float" };

/**
 * A dtype as people read it: h5wasm's "<h" (or NumPy's "<i2") is "int16", ">d" is "float64, big-endian", "S" a
 * UTF-8 string, "A12" an ASCII string of 12 bytes. Anything else (compounds, references) is returned as it came.
 */
export function dtypeLabel(dtype: string): string {
  const order = (mark: string) => (mark === ">" ? ", big-endian" : "");
  const code = /^([<>|=]?)([bBhHiIqQefd])$/.exec(dtype);
  if (code) return CODES[code[2]!]! + order(code[1]!);
  const numpy = /^([<>|=]?)([iuf])([1248])$/.exec(dtype);
  if (numpy) return `${KINDS[numpy[2]!]}${Number(numpy[3]) * 8}${order(numpy[1]!)}`;
  const text = /^([SA])(\d*)$/.exec(dtype);
  if (text) return `string (${text[1] === "S" ? "UTF-8" : "ASCII"}${text[2] ? `, ${text[2]} bytes` : ""})`;
  return dtype;
}
