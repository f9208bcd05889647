import { describe, expect, it } from "vitest";
import { hashToken } from "@/lib/crypto/token-hash";

describe("token hashing", () => {
  it("stores the SHA-256 of a token as lower-case hex", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("different tokens never share a hash, and the token is not in it", () => {
    const token = "flt_secret-value";
    expect(hashToken(token)).not.toBe(hashToken(`${token}x`));
    expect(hashToken(token)).not.toContain("secret");
  });
});
