import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateAccessToken, createAccessToken } from "@/lib/auth/access-tokens";
import { hashToken } from "@/lib/crypto/token-hash";
import { revokeAccessToken } from "@/lib/db/access-tokens";
import { closeDb, installDatabase } from "@/lib/db/client";
import { createUser, type UserSummary } from "@/lib/db/users";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

describe.each(DATABASE_KINDS)("personal access tokens on %s", (kind) => {
  let db: TestDatabase;
  let user: UserSummary;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const created = await createUser({ email: "dev@example.com", name: "Dev" });
    if (!created.ok) throw new Error("user");
    user = created.value;
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("a new token starts with flt_ and only its SHA-256 is stored", async () => {
    const { token, accessToken } = await createAccessToken({ userId: user.id, name: "ci" });
    expect(token).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
    expect(accessToken).not.toHaveProperty("tokenHash");
    const row = await db.prisma.personalAccessToken.findUniqueOrThrow({ where: { id: accessToken.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("two tokens are never the same", async () => {
    const a = await createAccessToken({ userId: user.id, name: "a" });
    const b = await createAccessToken({ userId: user.id, name: "b" });
    expect(a.token).not.toBe(b.token);
  });

  it("a valid token authenticates its owner", async () => {
    const { token, accessToken } = await createAccessToken({ userId: user.id, name: "api" });
    expect(await authenticateAccessToken(token)).toEqual({ ok: true, value: { user, tokenId: accessToken.id } });
  });

  it.each(["", "flt_", "flt_unknown", "glpat-abc", "x".repeat(10_000)])("an unknown token %# is refused", async (token) => {
    expect(await authenticateAccessToken(token)).toEqual({ ok: false, error: { kind: "unknown" } });
  });

  it("a revoked token is refused", async () => {
    const { token, accessToken } = await createAccessToken({ userId: user.id, name: "old" });
    expect(await revokeAccessToken(user.id, accessToken.id)).toBe(true);
    expect(await authenticateAccessToken(token)).toEqual({ ok: false, error: { kind: "revoked" } });
  });

  it("an expired token is refused from its expiry on", async () => {
    const expiresAt = new Date("2030-01-01T00:00:00Z");
    const { token } = await createAccessToken({ userId: user.id, name: "short", expiresAt });
    expect((await authenticateAccessToken(token, new Date(expiresAt.getTime() - 1))).ok).toBe(true);
    expect(await authenticateAccessToken(token, expiresAt)).toEqual({ ok: false, error: { kind: "expired" } });
  });

  it("records when a token was last used, at most once a minute", async () => {
    const { token, accessToken } = await createAccessToken({ userId: user.id, name: "busy" });
    const lastUsed = async () =>
      (await db.prisma.personalAccessToken.findUniqueOrThrow({ where: { id: accessToken.id } })).lastUsedAt?.toISOString();
    const t0 = new Date("2031-05-01T10:00:00.000Z");
    await authenticateAccessToken(token, t0);
    expect(await lastUsed()).toBe(t0.toISOString());
    await authenticateAccessToken(token, new Date(t0.getTime() + 59_000));
    expect(await lastUsed()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + 61_000);
    await Promise.all([authenticateAccessToken(token, later), authenticateAccessToken(token, later)]);
    expect(await lastUsed()).toBe(later.toISOString());
  });
});
