import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeSignInLink, createSignInLink, SIGN_IN_LINK_LIFETIME_MS } from "@/lib/auth/sign-in-links";
import { hashToken } from "@/lib/crypto/token-hash";
import { closeDb, installDatabase } from "@/lib/db/client";
import { createUser, type UserSummary } from "@/lib/db/users";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

describe.each(DATABASE_KINDS)("one-time sign-in links on %s", (kind) => {
  let db: TestDatabase;
  let user: UserSummary;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const created = await createUser({ email: "owner@localhost", isAdmin: true });
    if (!created.ok) throw new Error("user");
    user = created.value;
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("points at /signin/link on the public URL, valid 15 minutes, and stores only the token's hash", async () => {
    const now = new Date("2030-03-01T08:00:00Z");
    const { url, expiresAt } = await createSignInLink(user.id, "https://errors.example.com/", now);
    expect(url).toMatch(/^https:\/\/errors\.example\.com\/signin\/link\?token=[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - now.getTime()).toBe(15 * 60_000);
    const rows = await db.prisma.signInLink.findMany({ where: { tokenHash: hashToken(tokenOf(url)) } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(tokenOf(url));
  });

  it("signs its user in once, and is refused as used after that", async () => {
    const { url } = await createSignInLink(user.id, "http://localhost:3000");
    expect(await consumeSignInLink(tokenOf(url))).toEqual({ ok: true, value: user });
    expect(await consumeSignInLink(tokenOf(url))).toEqual({ ok: false, error: { kind: "used" } });
  });

  it("lets exactly one of several simultaneous uses through", async () => {
    const { url } = await createSignInLink(user.id, "http://localhost:3000");
    const results = await Promise.all(Array.from({ length: 5 }, () => consumeSignInLink(tokenOf(url))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.kind === "used")).toHaveLength(4);
  });

  it("is refused as expired once its 15 minutes are over, and stays unused", async () => {
    const issued = new Date("2030-03-01T08:00:00Z");
    const { url } = await createSignInLink(user.id, "http://localhost:3000", issued);
    const end = new Date(issued.getTime() + SIGN_IN_LINK_LIFETIME_MS);
    expect(await consumeSignInLink(tokenOf(url), end)).toEqual({ ok: false, error: { kind: "expired" } });
    expect((await consumeSignInLink(tokenOf(url), new Date(end.getTime() - 1))).ok).toBe(true);
  });

  it.each(["", "made-up", "a".repeat(500)])("a token it never issued (%#) is unknown", async (token) => {
    expect(await consumeSignInLink(token)).toEqual({ ok: false, error: { kind: "unknown" } });
  });
});
