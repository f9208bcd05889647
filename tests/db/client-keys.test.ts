import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, installDatabase } from "@/lib/db/client";
import { createClientKey, findActiveClientKey, findClientKeySecret, listClientKeys, revokeClientKey } from "@/lib/db/client-keys";
import { createProject } from "@/lib/db/projects";
import { formatDsn, formatLegacyDsn } from "@/lib/projects/dsn";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

describe("a project's DSN", () => {
  it.each([
    ["http://localhost:3000", "http://abc@localhost:3000/4"],
    ["https://errors.example.com", "https://abc@errors.example.com/4"],
    ["https://example.com/faultline/", "https://abc@example.com/faultline/4"],
    ["https://example.com:8443/a/b", "https://abc@example.com:8443/a/b/4"],
  ])("under %s reads %s", (publicUrl, dsn) => {
    expect(formatDsn("abc", 4, publicUrl)).toBe(dsn);
  });

  it("the legacy DSN carries the secret key for old raven clients", () => {
    expect(formatLegacyDsn("pub", "sec", 9, "https://example.com/x")).toBe("https://pub:sec@example.com/x/9");
  });
});

describe.each(DATABASE_KINDS)("client keys on %s", (kind) => {
  let db: TestDatabase;
  let projectId: number;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const project = await createProject({ name: "Keys" });
    if (!project.ok) throw new Error("project");
    projectId = project.value.id;
  });

  afterAll(async () => {
    await closeDb();
    await db.drop();
  });

  it("a new key has 32 hex digits and is listed without its secret", async () => {
    const key = await createClientKey(projectId, "mobile");
    expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
    const keys = await listClientKeys(projectId);
    expect(keys.map((k) => k.label)).toEqual([null, "mobile"]);
    for (const k of keys) expect(k).not.toHaveProperty("secretKey");
  });

  it("the secret comes out only when asked for the legacy DSN", async () => {
    const key = await createClientKey(projectId);
    const secret = await findClientKeySecret(projectId, key.id);
    expect(secret?.secretKey).toMatch(/^[0-9a-f]{32}$/);
    expect(formatLegacyDsn(secret!.publicKey, secret!.secretKey, projectId, "http://localhost:3000")).toBe(
      `http://${key.publicKey}:${secret!.secretKey}@localhost:3000/${projectId}`,
    );
    expect(await findClientKeySecret(projectId + 1000, key.id)).toBeNull();
  });

  it("a revoked key stays listed as revoked and no longer serves the DSN", async () => {
    const [first] = await listClientKeys(projectId);
    const revoked = await revokeClientKey(projectId, first!.id);
    expect(revoked).toMatchObject({ ok: true, value: { id: first!.id, revokedAt: expect.any(Date) } });
    expect((await findActiveClientKey(projectId))?.id).not.toBe(first!.id);
    expect(await revokeClientKey(projectId + 1000, first!.id)).toEqual({ ok: false, error: { kind: "not-found" } });
  });
});
