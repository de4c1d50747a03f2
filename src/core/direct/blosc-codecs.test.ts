import { ZSTDDecoder } from "zstddec";
import { describe, expect, it } from "vitest";
import { bloscCodecs } from "./blosc-codecs";

// Two Zstandard frames made with `zstd -19` from the patterns below (100,000 and 300,000 bytes).
const pattern = (n: number, f: (i: number) => number) => Uint8Array.from({ length: n }, (_, i) => f(i));
const FIRST = pattern(100_000, (i) => (i * 7 + Math.floor(i / 1000)) % 251);
const SECOND = pattern(300_000, (i) => (i * 13 + Math.floor(i / 777)) % 253);
/** Byte-equal (vitest's toEqual walks a typed array element by element: seconds for these). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
const frame = (base64: string) => new Uint8Array(Buffer.from(base64, "base64"));
const FIRST_ZST = frame(
  "KLUv/aSghgEAHQ0AtA8ABw4VHCMqMTg/Rk1UW2JpcHd+hYyTmqGor7a9xMvS2eDn7vUBCA8WHSQrMjlAR05VXGNqcXh/ho2Um6Kp" +
    "sLe+xczT2uHo7/YCCRAXHiUsMzpBSE9WXWRrcnmAh46VnKOqsbi/xs3U2+Lp8PcDChEYHyYtNDtCSVBXXmVsc3qBiI+WnaSrsrnA" +
    "x87V3OPq8fgECxIZICcuNTxDSlFYX2ZtdHuCiZCXnqWss7rByM/W3eTr8vkFDBMaISgvNj1ES1JZYGdudXyDipGYn6attLvCydDX" +
    "3uXs8/oGDRQbIikwNz5FTFNaYWhvdn2Ei5KZoKeutbzDytHY3+bt9IDHqOHv/58B8LXGEvj/P2Dw7x/FK17xile8xSte8YpXvOIr" +
    "XvGKV7ziLV7xile84im+4hWveMUr3uIVr3jFK17xFa94xSte8RaveMUrnuIVX/GKV7ziFW/xile84hWv+IpXvOIVr3iLV7ziKV7x" +
    "iq94xSte8Yq3eMUrXvGKV3zFK17xile8xSue4hWveMVXvOIVr3jFW7ziFa94xcvFl6fmXp3/Lqs2aoqs",
);
const SECOND_ZST = frame(
  "KLUv/aTgkwQAHBIA1A8ADRonNEFOW2h1go+cqbbD0N3q9wcUIS47SFVib3yJlqOwvcrX5PEBDhsoNUJPXGl2g5CdqrfE0d7r+AgV" +
    "Ii88SVZjcH2Kl6SxvsvY5fICDxwpNkNQXWp3hJGeq7jF0t/s+QkWIzA9SldkcX6LmKWyv8zZ5vMDEB0qN0RRXmt4hZKfrLnG0+Dt" +
    "+goXJDE+S1hlcn+MmaazwM3a5/QEER4rOEVSX2x5hpOgrbrH1OHu+wsYJTI/TFlmc4CNmqe0wc7b6PUFEh8sOUZTYG16h5ShrrvI" +
    "1eLv/AwZJjNATVpndIGOm6i1ws/c6fYGEyAtOkdUYW57iJWir7zJ1uPwgVCo4e//nwHx63ES+P//DxjsHxVas9asNWvNWrPWrDVr" +
    "zVqz1qw125q1Zq1Za9aatWatWWvWmjXNWrOuWWvWmrVmrVlr1pq1Zq1Za9aatWZbs9asNWvNWrPWrDVrmrVmrVlr1jVrzVqz1qw1" +
    "a81as9asNWvNWrPWbGvWmrVmrVlr1jRrzVqz1qw1a826Zq1Za9aatWatWWvWmrVmrVlr1pptzVqz1qxp1pq1Zq1Za9aatWatWdes" +
    "NWvNWrPWrDVrzVqz1qw1a81as61Z06w1a81as9asNWvNWrPWrDXrmrVmrVlr1pq1Zq1Za9aatWatWdNsa9aatWatWWvWmrVmrVlr" +
    "1pq1Zl2z1qw1a81as9asNWvNWrOmWWvWmm3NWrPWrDVrzVqz1qw1a81as9asa9aatWatWWvWmvWl2bSK7ycA8KtVjAUAAICraADh" +
    "738GEvj//+8XjBDg7wZIffR/m7FmvBlr1puxZqxZa9aa8Wa9Wa0Zb8ab8WatWWvGmrVmrRlrxpq1Zr0Za8aa8Wa8WWvWm2nNeDO8" +
    "GW/WmrVmrFlr1pqxZqxZa9absWasGW/Gm7VmvZnWjDfjzXgzrVlrxpq1Zq0Za8aatWa9GWvGmvFmvFlr1ptpzXgz3ow3a81aM6xZ" +
    "a9aasWasWWvWm7FmrBlvxpu93RosVQAAAAIANBKgg6kKgC0LTgw=",
);

describe("the zstd block codec", () => {
  it("decodes into one region it reuses, growing it for a larger block, as zstddec's own decode does", async () => {
    const zstd = (await bloscCodecs()).zstd!;
    const first = zstd(FIRST_ZST, FIRST.length);
    expect(same(first, FIRST)).toBe(true);
    const again = zstd(FIRST_ZST, FIRST.length);
    expect(again.buffer).toBe(first.buffer); // a view of the same memory, not a new copy
    expect(again.byteOffset).toBe(first.byteOffset);
    expect(same(zstd(SECOND_ZST, SECOND.length), SECOND)).toBe(true);
    expect(same(zstd(FIRST_ZST, FIRST.length), FIRST)).toBe(true);
    const copies = new ZSTDDecoder();
    await copies.init();
    expect(same(copies.decode(SECOND_ZST, SECOND.length), SECOND)).toBe(true);
  });

  it("hands back another length for a damaged stream or a size that does not match, never stale bytes", async () => {
    const zstd = (await bloscCodecs()).zstd!;
    const damaged = FIRST_ZST.slice();
    damaged.fill(0, 0, 4); // the magic number
    expect(zstd(damaged, FIRST.length).length).not.toBe(FIRST.length);
    expect(zstd(FIRST_ZST, FIRST.length - 1).length).not.toBe(FIRST.length - 1);
    expect(zstd(FIRST_ZST.subarray(0, 200), FIRST.length).length).not.toBe(FIRST.length);
  });
});
