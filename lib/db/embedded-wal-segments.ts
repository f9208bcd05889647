import { link, open, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

// When its WAL reaches the end of a segment file, PostgreSQL opens the next one, or creates it
// if there is none: 16 MB of zeros written and synced. A server's checkpointer creates the next
// segment in advance; a standalone backend creates it itself, inside the commit that crossed
// the boundary, so every batch waited behind it (20–40 ms here, every ~5.5 s at 1,000 events/s
// of 4 KB). The owner of a data dir creates the segments ahead instead, as PostgreSQL would:
// zeros, synced, then given their name in one step. The writes run on Node's I/O threads, off
// the database's thread, and PostgreSQL then only opens the file.

/** The segments after the one being written: the next, and the one after from half-way. */
const SEGMENTS_AHEAD = `
WITH position AS (
  SELECT pg_current_wal_insert_lsn() AS lsn, setting::numeric AS size
  FROM pg_settings WHERE name = 'wal_segment_size'
)
SELECT pg_walfile_name(lsn + n * size) AS name, size::float8 AS size
FROM position, generate_series(1, CASE WHEN mod(lsn - '0/0'::pg_lsn, size) >= size / 2 THEN 2 ELSE 1 END) AS n
ORDER BY n`;

/** PostgreSQL's own temporary WAL files start so; it removes any a crash left at its next start. */
const TEMP_FILE = "xlogtemp.faultline";

let zeros: Buffer | undefined;
/** Allocated on first use: every process imports this module, few of them own a data dir. */
const zeroChunk = () => (zeros ??= Buffer.alloc(2 ** 20));

/** Creates the WAL segment files PostgreSQL will need next; returns the names it created. */
export async function prepareWalSegments(pglite: PGlite, walDir: string, stopSignal?: AbortSignal): Promise<string[]> {
  const { rows } = await pglite.query<{ name: string; size: number }>(SEGMENTS_AHEAD);
  const created: string[] = [];
  for (const { name, size } of rows) {
    if (stopSignal?.aborted) break;
    if (await createZeroedSegment(walDir, name, size, stopSignal)) created.push(name);
  }
  return created;
}

async function createZeroedSegment(walDir: string, name: string, size: number, stopSignal?: AbortSignal): Promise<boolean> {
  const target = path.join(walDir, name);
  if (await exists(target)) return false;
  const temp = path.join(walDir, TEMP_FILE);
  await unlink(temp).catch(ignoreMissing);
  try {
    const file = await open(temp, "wx", 0o600);
    try {
      const chunk = zeroChunk();
      for (let offset = 0; offset < size; offset += chunk.length) {
        if (stopSignal?.aborted) return false;
        await file.write(chunk, 0, Math.min(chunk.length, size - offset), offset);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    // A link never replaces: if PostgreSQL created the segment meanwhile, its file stays.
    await link(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temp).catch(ignoreMissing);
  }
  await syncDirectory(walDir);
  return true;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    ignoreMissing(error);
    return false;
  }
}

/** Makes the new name itself durable. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}
