import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { pgliteSocketPath } from "@/lib/db/pglite-socket";
import { diffDatabaseToSchema, diffMigrationsToSchema } from "@/lib/db/schema-diff";
import { readMigrations } from "@/lib/db/schema-engine";
import { createTestDatabase, DATABASE_KINDS } from "@/tests/support/test-database";

const run = promisify(execFile);

async function migrationNames(): Promise<string[]> {
  return (await readMigrations()).migrationDirectories.map((d) => d.path);
}

async function appliedInDatabase(db: { prisma: { $queryRawUnsafe<T>(sql: string): Promise<T> } }): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
  );
  return rows.map((r) => r.migration_name);
}

describe("the migration history", () => {
  it("contains every change in prisma/schema.prisma (run `npm run db:diff -- NAME` if not)", async () => {
    expect(await diffMigrationsToSchema()).toBeNull();
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`migrating a ${kind} database`, () => {
    it("a fresh database migrates to exactly the schema, and migrating again changes nothing", async () => {
      const db = await createTestDatabase(kind, { migrate: false, memory: kind === "pglite" });
      try {
        const first = await migrateDatabase(db);
        expect(first.appliedMigrationNames).toEqual(await migrationNames());
        expect(await diffDatabaseToSchema(db.adapterFactory)).toBeNull();

        const second = await migrateDatabase(db);
        expect(second.appliedMigrationNames).toEqual([]);
        expect(await appliedInDatabase(db)).toEqual(await migrationNames());
      } finally {
        await db.drop();
      }
    });
  });
}

describe.runIf(DATABASE_KINDS.includes("postgres"))("several processes starting against one PostgreSQL", () => {
  it("all migrate at once without failing, and each migration runs once", async () => {
    const target = await createTestDatabase("postgres", { migrate: false, keepOpen: false });
    const databases = await Promise.all(
      Array.from({ length: 3 }, () => openDatabase({ databaseUrl: target.databaseUrl })),
    );
    try {
      const results = await Promise.all(databases.map((db) => migrateDatabase(db)));
      expect(results.flatMap((r) => r.appliedMigrationNames).sort()).toEqual(await migrationNames());
      expect(await appliedInDatabase(databases[0])).toEqual(await migrationNames());
    } finally {
      await Promise.all(databases.map((db) => db.close()));
      await target.drop();
    }
  });
});

describe("a PGlite data dir in use by another process", () => {
  const openInChild = async (dataDir: string) => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "tests/db/fixtures/open-data-dir.ts", dataDir], {
      timeout: 60_000,
    });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as {
      access: string;
      appliedMigrationNames: string[];
      emails: string[];
    };
  };

  it("is reached through the owner's socket, which sees the same data", async () => {
    const owner = await createTestDatabase("pglite");
    try {
      await owner.prisma.user.create({ data: { email: "owner@example.test" } });
      const child = await openInChild(owner.dataDir!);
      expect(child).toEqual({ access: "pglite-socket", appliedMigrationNames: [], emails: ["owner@example.test"] });
      const emails = (await owner.prisma.user.findMany({ orderBy: { id: "asc" } })).map((u) => u.email);
      expect(emails).toEqual(["owner@example.test", "from-second-process@example.test"]);
    } finally {
      await owner.drop();
    }
  });

  it("is opened directly once its owner has gone, even if a stale socket file remains", async () => {
    const location = await createTestDatabase("pglite", { keepOpen: false });
    try {
      await writeFile(pgliteSocketPath(location.dataDir!), "");
      const child = await openInChild(location.dataDir!);
      expect(child).toMatchObject({ access: "pglite", appliedMigrationNames: [] });
      const db = await openDatabase({ dataDir: location.dataDir });
      expect(db.access).toBe("pglite");
      expect((await db.prisma.user.findMany()).map((u) => u.email)).toEqual(["from-second-process@example.test"]);
      await db.close();
    } finally {
      await location.drop();
    }
  });
});
