import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { pgliteSocketPath } from "@/lib/db/pglite-socket";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";
import { readyCount, wire, WireClient } from "@/tests/support/wire-protocol";

async function countUsers(db: Database, emailPrefix: string): Promise<number> {
  const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
    "SELECT count(*)::int AS n FROM users WHERE email LIKE $1",
    `${emailPrefix}%`,
  );
  return rows[0].n;
}

function describeTransactions(name: string, open: () => Promise<{ db: Database; done(): Promise<void> }>) {
  describe(name, () => {
    let db: Database;
    let done: () => Promise<void>;
    beforeAll(async () => {
      ({ db, done } = await open());
    });
    afterAll(async () => {
      await done();
    });

    it("an interactive transaction commits raw statements and model writes together", async () => {
      await db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("INSERT INTO users (email) VALUES ($1)", "commit-a@example.test");
        await tx.user.create({ data: { email: "commit-b@example.test" } });
      });
      expect(await countUsers(db, "commit-")).toBe(2);
    });

    it("a failing interactive transaction leaves nothing behind", async () => {
      await expect(
        db.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("INSERT INTO users (email) VALUES ($1)", "rollback@example.test");
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(await countUsers(db, "rollback@")).toBe(0);
    });

    it("concurrent transactions and plain queries do not see each other's uncommitted rows", async () => {
      const seenOutside: number[] = [];
      const transactions = Array.from({ length: 8 }, (_, i) =>
        db.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("INSERT INTO users (email) VALUES ($1)", `conc-${i}@example.test`);
          const inside = await tx.$queryRawUnsafe<{ n: number }[]>(
            "SELECT count(*)::int AS n FROM users WHERE email = $1",
            `conc-${i}@example.test`,
          );
          if (i % 2 === 1) throw new Error(`rollback ${i}`);
          return inside[0].n;
        }),
      );
      const readers = Array.from({ length: 8 }, async () => {
        seenOutside.push(await countUsers(db, "conc-"));
      });
      const results = await Promise.allSettled([...transactions, ...readers]);
      const committed = results.slice(0, 8).filter((r) => r.status === "fulfilled");
      expect(committed.map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([1, 1, 1, 1]);
      expect(await countUsers(db, "conc-")).toBe(4);
      expect(Math.max(...seenOutside)).toBeLessThanOrEqual(4);
    });
  });
}

for (const kind of DATABASE_KINDS) {
  describeTransactions(`${kind} database`, async () => {
    const db: TestDatabase = await createTestDatabase(kind);
    return { db, done: db.drop };
  });
}

describeTransactions("pglite reached through the owner's socket", async () => {
  const owner = await createTestDatabase("pglite");
  const client = await openDatabase({ dataDir: owner.dataDir });
  expect(client.access).toBe("pglite-socket");
  return {
    db: client,
    async done() {
      await client.close();
      await owner.drop();
    },
  };
});

describe("pglite shared through the socket", () => {
  it("answers a result far larger than the socket's buffer intact", async () => {
    const owner = await createTestDatabase("pglite");
    const client = await openDatabase({ dataDir: owner.dataDir });
    try {
      // PGlite executes the whole query before this thread reads a byte, so most of its output
      // waits in the server's write queue while PGlite reuses its send buffer.
      const rows = await client.prisma.$queryRawUnsafe<Array<{ n: number; text: string }>>(
        "SELECT n, repeat(md5(n::text), 64) AS text FROM generate_series(1, 4000) AS n ORDER BY n",
      );
      expect(rows).toHaveLength(4000);
      const wrong = rows.filter((row, i) => row.n !== i + 1 || row.text !== createHash("md5").update(String(i + 1)).digest("hex").repeat(64));
      expect(wrong).toEqual([]);
    } finally {
      await client.close();
      await owner.drop();
    }
  });

  it("the owner's writes never land inside a socket client's open transaction", async () => {
    const owner = await createTestDatabase("pglite");
    const client = await openDatabase({ dataDir: owner.dataDir });
    try {
      let clientInTransaction!: () => void;
      const clientStarted = new Promise<void>((resolve) => (clientInTransaction = resolve));
      const clientTransaction = client.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("INSERT INTO users (email) VALUES ($1)", "socket-tx@example.test");
        clientInTransaction();
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw new Error("roll back the client");
      });
      await clientStarted;
      await owner.prisma.user.create({ data: { email: "owner-write@example.test" } });
      await expect(clientTransaction).rejects.toThrow("roll back the client");

      expect(await countUsers(owner, "owner-write@")).toBe(1);
      expect(await countUsers(owner, "socket-tx@")).toBe(0);
      expect(await countUsers(client, "owner-write@")).toBe(1);
    } finally {
      await client.close();
      await owner.drop();
    }
  });

  it("answers the queries a client sends in one write, each in turn", async () => {
    const owner = await createTestDatabase("pglite");
    const client = await WireClient.connect(pgliteSocketPath(owner.dataDir!));
    try {
      client.write(Buffer.concat([wire.query("SELECT 1"), wire.query("SELECT 'two'"), wire.extended("SELECT 3"), wire.sync(), wire.query("SELECT 4")]));
      await client.waitFor((received) => readyCount(received) === 4);
      expect(client.values()).toEqual(["1", "two", "3", "4"]);
      expect(client.received.filter((m) => m.type === "E")).toEqual([]);
    } finally {
      client.close();
      await owner.drop();
    }
  });

  it("keeps the owner out of a client's unfinished query even after an answered one in the same write", async () => {
    const owner = await createTestDatabase("pglite");
    const client = await WireClient.connect(pgliteSocketPath(owner.dataDir!));
    try {
      // The INSERT runs in the implicit transaction its Sync would end; the owner's next query,
      // were it let in now, would commit it.
      client.write(Buffer.concat([wire.query("SELECT 1"), wire.extended("INSERT INTO users (email) VALUES ('unsynced@example.test')")]));
      await client.waitFor((received) => received.some((m) => m.type === "C" && m.body.toString().startsWith("INSERT")));
      let ownerDone = false;
      const ownerCount = countUsers(owner, "unsynced@").then((n) => ((ownerDone = true), n));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ownerDone).toBe(false);
      // A statement that fails before the Sync rolls the implicit transaction back.
      client.write(Buffer.concat([wire.extended("SELECT * FROM no_such_table"), wire.sync()]));
      await client.waitFor((received) => readyCount(received) === 2);
      expect(await ownerCount).toBe(0);
    } finally {
      client.close();
      await owner.drop();
    }
  });
});
