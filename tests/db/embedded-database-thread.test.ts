import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { startEmbeddedDatabaseThread, type EmbeddedDatabaseThread } from "@/lib/db/embedded-database-thread";
import { migrateDatabase } from "@/lib/db/migrate";
import { probePgliteSocket } from "@/lib/db/pglite-socket";

// server.ts runs the data dir's PGlite on a thread of its own and reaches it through the data
// dir's socket, so that the statements PGlite executes synchronously never hold the event loop.

describe("the embedded database's thread", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "faultline-thread-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async function start(dataDir: string): Promise<{ thread: EmbeddedDatabaseThread; db: Database; exits: string[] }> {
    const exits: string[] = [];
    const thread = await startEmbeddedDatabaseThread(dataDir, (reason) => exits.push(reason));
    cleanups.push(() => thread.stop());
    const db = await openDatabase({ dataDir });
    let closed = false;
    const close = db.close.bind(db);
    db.close = async () => {
      if (!closed) await close();
      closed = true;
    };
    cleanups.push(() => db.close());
    return { thread, db, exits };
  }

  it("serves the data dir on its socket, keeps the event loop free while it works, and keeps the data after a clean stop", async () => {
    const dataDir = await tempDir();
    const { thread, db, exits } = await start(dataDir);
    expect(db.access).toBe("pglite-socket");
    expect(db.pglite).toBeUndefined();
    await migrateDatabase(db);
    await db.prisma.$executeRaw`INSERT INTO projects (name, slug) VALUES ('Kept', 'kept')`;

    // 400 ms of work inside the database: the timers of this thread keep running meanwhile.
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    await db.prisma.$queryRaw`SELECT pg_sleep(0.4)::text AS slept`;
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(20);

    await db.close();
    await thread.stop();
    expect(exits).toEqual([]);
    expect(await probePgliteSocket(dataDir)).toBe("absent");

    const reopened = await openDatabase({ dataDir, serveSocket: false });
    cleanups.push(() => reopened.close());
    expect(reopened.access).toBe("pglite");
    expect(await reopened.prisma.project.findMany({ select: { slug: true } })).toEqual([{ slug: "kept" }]);
  });

  it("refuses to start with a sentence when the data dir cannot hold a database", async () => {
    const parent = await tempDir();
    const notADirectory = path.join(parent, "a-file");
    await writeFile(notADirectory, "not a directory");
    await expect(startEmbeddedDatabaseThread(notADirectory, () => {})).rejects.toThrow(/EEXIST|ENOTDIR|not a directory|exists/i);
  });
});
