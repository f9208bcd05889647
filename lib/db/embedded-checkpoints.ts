import type { PGlite } from "@electric-sql/pglite";

// PGlite runs PostgreSQL as one standalone backend, and a standalone backend never checkpoints
// by itself: PostgreSQL asks its checkpointer process for one, and there is none. Without
// checkpoints the WAL grows for as long as the server runs (some 2.7 KB per 4 KB event), all
// of it kept on disk and all of it replayed after a crash. The server asks for them as
// PostgreSQL's checkpointer would with its defaults: after 5 minutes, or sooner once the WAL
// since the last one reaches about half of max_wal_size (1 GB).

export interface CheckpointPolicy {
  maxWalBytes: number;
  maxSeconds: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { maxWalBytes: 512 * 2 ** 20, maxSeconds: 5 * 60 };

/** Less WAL than this since the last checkpoint is that checkpoint's own record: nothing to do. */
const IDLE_WAL_BYTES = 16 * 1024;

/** The WAL written since the last checkpoint (`wal_bytes`), and that checkpoint's age (`seconds`). */
export const CHECKPOINT_STATE = `
SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::float8 AS wal_bytes,
       extract(epoch FROM now() - checkpoint_time)::float8 AS seconds
FROM pg_control_checkpoint()`;

export interface CheckpointRun {
  /** WAL written since the previous checkpoint, which a crash would have left to replay. */
  walBytes: number;
  /** How long the checkpoint held the database: the embedded database runs one statement at a time. */
  durationMs: number;
}

/** Runs a checkpoint when the policy says one is due; null when none was. */
export async function checkpointIfDue(pglite: PGlite, policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY): Promise<CheckpointRun | null> {
  const { rows } = await pglite.query<{ wal_bytes: number; seconds: number }>(CHECKPOINT_STATE);
  const { wal_bytes: walBytes, seconds } = rows[0];
  const due = walBytes >= policy.maxWalBytes || (seconds >= policy.maxSeconds && walBytes > IDLE_WAL_BYTES);
  if (!due) return null;
  const started = performance.now();
  await pglite.exec("CHECKPOINT");
  return { walBytes, durationMs: performance.now() - started };
}
