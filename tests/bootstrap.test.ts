import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consumeSignInLink } from "@/lib/auth/sign-in-links";
import { ensureFirstStart } from "@/lib/bootstrap";
import { closeDb, installDatabase } from "@/lib/db/client";
import { listMembers } from "@/lib/db/memberships";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

describe.each(DATABASE_KINDS)("the first start on %s", (kind) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
  });

  afterEach(async () => {
    await closeDb();
    await db.drop();
  });

  it("creates the Owner and a demo project, and returns the URL, a sign-in link and the DSN", async () => {
    const first = await ensureFirstStart("http://localhost:3000");
    expect(first).toEqual({
      url: "http://localhost:3000",
      signInUrl: expect.stringMatching(/^http:\/\/localhost:3000\/signin\/link\?token=/),
      dsn: expect.stringMatching(/^http:\/\/[0-9a-f]{32}@localhost:3000\/\d+$/),
    });
    const owner = await db.prisma.user.findUniqueOrThrow({ where: { email: "owner@localhost" } });
    expect(owner.isAdmin).toBe(true);
    const demo = await db.prisma.project.findUniqueOrThrow({ where: { slug: "demo" } });
    expect(demo.name).toBe("Demo");
    expect(first!.dsn.endsWith(`/${demo.id}`)).toBe(true);
    expect(await listMembers(demo.id)).toMatchObject([{ userId: owner.id, role: "owner" }]);
    const signIn = await consumeSignInLink(new URL(first!.signInUrl).searchParams.get("token")!);
    expect(signIn).toMatchObject({ ok: true, value: { email: "owner@localhost" } });
  });

  it("does nothing on later starts", async () => {
    await ensureFirstStart("http://localhost:3000");
    expect(await ensureFirstStart("http://localhost:3000")).toBeNull();
    expect(await db.prisma.project.count()).toBe(1);
  });

  it("creates one Owner and one demo project when two starts race", async () => {
    const results = await Promise.all([ensureFirstStart("http://localhost:3000"), ensureFirstStart("http://localhost:3000")]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await db.prisma.user.count()).toBe(1);
    expect(await db.prisma.project.count()).toBe(1);
  });
});
