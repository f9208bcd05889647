import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";

const SECRET = "a-server-secret-of-enough-length-0123456789";
const TOKEN = "sntrys_eyJpYXQiOjE3MDAwMDAwMDB9_secret-token-value";

describe("sealing the Sentry token", () => {
  it("opens with the same server secret to the token it sealed", async () => {
    const sealed = await sealSecret(TOKEN, SECRET);
    expect(await openSecret(sealed, SECRET)).toEqual({ ok: true, value: TOKEN });
  });

  it("is a compact versioned string that does not contain the token", async () => {
    const sealed = await sealSecret(TOKEN, SECRET);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(TOKEN);
    expect(Buffer.from(sealed.split(".")[2], "base64url").toString("latin1")).not.toContain("sntrys_");
  });

  it("seals the same token differently each time (a random IV)", async () => {
    const first = await sealSecret(TOKEN, SECRET);
    const second = await sealSecret(TOKEN, SECRET);
    expect(first).not.toBe(second);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
  });

  it("keeps Unicode and empty values intact", async () => {
    for (const value of ["", "jeton-é-🔑"]) {
      expect(await openSecret(await sealSecret(value, SECRET), SECRET)).toEqual({ ok: true, value });
    }
  });

  it("cannot be opened after the server secret changed", async () => {
    const sealed = await sealSecret(TOKEN, SECRET);
    expect(await openSecret(sealed, `${SECRET}-rotated`)).toEqual({ ok: false, error: { kind: "undecryptable" } });
  });

  it("refuses a value that was altered", async () => {
    const sealed = await sealSecret(TOKEN, SECRET);
    const [version, iv, body] = sealed.split(".");
    const flipped = Buffer.from(body, "base64url");
    flipped[0] ^= 1;
    expect(await openSecret(`${version}.${iv}.${flipped.toString("base64url")}`, SECRET)).toEqual({
      ok: false,
      error: { kind: "undecryptable" },
    });
    const otherIv = Buffer.from(iv, "base64url");
    otherIv[11] ^= 1;
    expect((await openSecret(`${version}.${otherIv.toString("base64url")}.${body}`, SECRET)).ok).toBe(false);
  });

  it.each([
    ["plain text", "just-a-token"],
    ["an unknown version", "v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a short IV", "v1.AAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a body shorter than the tag", "v1.AAAAAAAAAAAAAAAA.AAAA"],
    ["characters outside base64url", "v1.AAAAAAAAAAAAAAAA.AAAA+AAA/AAAAAAAAAAAAAAAAAAAAAA"],
    ["the empty string", ""],
  ])("answers malformed for %s, without throwing", async (_name, value) => {
    expect(await openSecret(value, SECRET)).toEqual({ ok: false, error: { kind: "malformed" } });
  });
});
