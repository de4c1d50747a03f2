// SigV4 against AWS's own published example, so the emulator's URLs are the real algorithm.
import { describe, expect, it } from "vitest";
import { presignUrl, verifyPresigned } from "./sigv4";

// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html (example section)
const key = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  region: "us-east-1",
  service: "s3",
};

describe("sigv4", () => {
  it("reproduces AWS's example presigned URL", () => {
    const url = presignUrl({
      method: "GET",
      origin: "https://examplebucket.s3.amazonaws.com",
      path: "/test.txt",
      key,
      expiresSeconds: 86400,
      now: new Date("2013-05-24T00:00:00Z"),
    });
    expect(url).toContain("X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request");
    expect(url).toMatch(/X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404$/);
  });

  it("verifies its own URLs and only for the signed host", () => {
    const url = new URL(
      presignUrl({
        method: "PUT",
        origin: "http://127.0.0.1:4791",
        path: "/b/i/N:channel:a b_1_2.bin.gz",
        key,
        expiresSeconds: 60,
      }),
    );
    const raw = `${url.pathname}${url.search}`;
    expect(raw).toContain("/b/i/N%3Achannel%3Aa%20b_1_2.bin.gz?");
    expect(verifyPresigned("PUT", raw, { host: "127.0.0.1:4791" }, key)).toEqual({ ok: true });
    expect(verifyPresigned("PUT", raw, { host: "127.0.0.1:4792" }, key)).toMatchObject({
      code: "SignatureDoesNotMatch",
    });
    expect(verifyPresigned("PUT", raw, { host: "127.0.0.1:4791" }, { ...key, secretAccessKey: "x" })).toMatchObject({
      ok: false,
    });
  });
});
