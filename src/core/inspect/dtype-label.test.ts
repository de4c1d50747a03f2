import { describe, expect, it } from "vitest";
import { dtypeLabel } from "./dtype-label";

describe("dtypeLabel", () => {
  it("names h5wasm's number codes and NumPy's, with the byte order when it is big-endian", () => {
    expect(dtypeLabel("<h")).toBe("int16");
    expect(dtypeLabel("<H")).toBe("uint16");
    expect(dtypeLabel(">d")).toBe("float64, big-endian");
    expect(dtypeLabel("<f")).toBe("float32");
    expect(dtypeLabel("<q")).toBe("int64");
    expect(dtypeLabel("<b")).toBe("int8");
    expect(dtypeLabel("<i2")).toBe("int16");
    expect(dtypeLabel(">u4")).toBe("uint32, big-endian");
    expect(dtypeLabel("|u1")).toBe("uint8");
    expect(dtypeLabel("<f8")).toBe("float64");
  });

  it("names strings, and leaves what it does not know as it came", () => {
    expect(dtypeLabel("S")).toBe("string (UTF-8)");
    expect(dtypeLabel("A12")).toBe("string (ASCII, 12 bytes)");
    expect(dtypeLabel("Reference")).toBe("Reference");
    expect(dtypeLabel('[["x","<d"]]')).toBe('[["x","<d"]]');
    expect(dtypeLabel("")).toBe("");
  });
});
