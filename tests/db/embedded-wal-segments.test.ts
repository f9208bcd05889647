import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataDirPglite, walDirOf } from "@/lib/db/create-pglite";
import { prepareWalSegments } from "@/lib/db/embedded-wal-segments";

const SEGMENT_BYTES = 16 * 2 ** 20;

describe("WAL segments prepared ahead for the embedded database", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "faultline-wal-"));
  const walDir = walDirOf(dataDir);
  let pglite: PGlite;

  const currentSegment = async () =>
    (await pglite.query<{ name: string }>("SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS name")).rows[0].name;
  /** The name of the segment `n` after `name` (same timeline; fewer than 256 segments in). */
  const after = (name: string, n: number) => name.slice(0, 16) + (parseInt(name.slice(16), 16) + n).toString(16).toUpperCase().padStart(8, "0");
  /** Starts a fresh segment: the WAL position is then at its very beginning. */
  const switchSegment = async () => {
    await pglite.exec("SELECT pg_switch_wal(); INSERT INTO filler VALUES ('after the switch')");
  };
  /** Each row holds ~1 KB that does not compress, so the WAL grows by about `kb` KB. */
  const writeWal = (kb: number) =>
    pglite.exec(`INSERT INTO filler SELECT (SELECT string_agg(md5(random()::text || i || j), '') FROM generate_series(1, 32) j) FROM generate_series(1, ${kb}) i`);
  const tempFiles = () => readdirSync(walDir).filter((name) => name.startsWith("xlogtemp."));

  beforeAll(async () => {
    pglite = await createDataDirPglite(dataDir);
    await pglite.exec("CREATE TABLE filler (data text)");
  });
  afterAll(async () => {
    await pglite.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates the next segment, zero-filled and synced under its name, and the one after once half of the current is written", async () => {
    await switchSegment();
    const current = await currentSegment();

    expect(await prepareWalSegments(pglite, walDir)).toEqual([after(current, 1)]);
    const next = readFileSync(path.join(walDir, after(current, 1)));
    expect(next.length).toBe(SEGMENT_BYTES);
    expect(next.equals(Buffer.alloc(SEGMENT_BYTES))).toBe(true);
    expect(statSync(path.join(walDir, after(current, 1))).mode & 0o777).toBe(0o600);
    expect(tempFiles()).toEqual([]);

    await writeWal(9 * 1024);
    expect(await currentSegment()).toBe(current);
    expect(await prepareWalSegments(pglite, walDir)).toEqual([after(current, 2)]);
    expect(await prepareWalSegments(pglite, walDir)).toEqual([]);
  });

  it("is the file PostgreSQL writes its WAL into when it gets there, and what it wrote there survives a restart", async () => {
    await switchSegment();
    const current = await currentSegment();
    await prepareWalSegments(pglite, walDir);
    const prepared = statSync(path.join(walDir, after(current, 1))).ino;

    await switchSegment();
    await pglite.exec("INSERT INTO filler VALUES ('in the prepared segment')");
    expect(await currentSegment()).toBe(after(current, 1));
    expect(statSync(path.join(walDir, after(current, 1))).ino).toBe(prepared);
    expect(tempFiles()).toEqual([]);

    await pglite.close();
    pglite = await createDataDirPglite(dataDir);
    const { rows } = await pglite.query("SELECT 1 FROM filler WHERE data = 'in the prepared segment'");
    expect(rows).toHaveLength(1);
  });

  it("never replaces a file that already has the segment's name", async () => {
    await switchSegment();
    const next = path.join(walDir, after(await currentSegment(), 1));
    rmSync(next, { force: true });
    writeFileSync(next, "PostgreSQL's own");

    expect(await prepareWalSegments(pglite, walDir)).toEqual([]);
    expect(readFileSync(next, "utf8")).toBe("PostgreSQL's own");
    // Not a segment PostgreSQL could use: gone before it gets there.
    rmSync(next);
  });

  it("creates nothing once the database is closing", async () => {
    await switchSegment();
    const next = path.join(walDir, after(await currentSegment(), 1));
    // The restart above recycled old segments into future names.
    rmSync(next, { force: true });
    const stopped = new AbortController();
    stopped.abort();

    expect(await prepareWalSegments(pglite, walDir, stopped.signal)).toEqual([]);
    expect(() => statSync(next)).toThrow();
    expect(tempFiles()).toEqual([]);
  });
});
