import type { PGlite } from "@electric-sql/pglite";

// PGlite has no autovacuum, so the data dir's owner applies autovacuum's rules itself, with
// PostgreSQL's defaults, to every table of the database, catalogs and TOAST tables included:
// - VACUUM once a table's dead rows pass 50 + 20 % of its rows (old versions of the error
//   rows every event rewrites, a queue's deleted notes), or its inserts since the last VACUUM
//   pass 1,000 + 20 %. One for inserts alone also freezes the rows it reads: a table that only
//   grows (events) is then frozen page by page as it grows, and the VACUUM that the freeze age
//   calls for skips those pages, where it would otherwise read the whole table at once while
//   holding the embedded database;
// - VACUUM once its oldest unfrozen transaction ID (or multixact) is older than the freeze age:
//   without that, the 32-bit transaction IDs wrap around after some two billion transactions,
//   and a standalone backend (PGlite) does not stop before they do, as a server would. Rows
//   older than that would then look as if they were written in the future, and vanish;
// - ANALYZE once its changed rows pass 50 + 10 %, so that the planner knows the tables
//   (without statistics it misses, say, the trigram index behind the error list's search).
// PGlite keeps no activity counts across a restart, even a clean one (PostgreSQL writes them
// at shutdown), so a table that holds rows but was never vacuumed nor analyzed (written before
// the restart, or by a process that does no maintenance) is taken as all inserted and changed.

export interface VacuumPolicy {
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  insertThreshold: number;
  insertScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
  freezeMaxAge: number;
  multixactFreezeMaxAge: number;
  /** Tables never analyzed. */
  neverAnalyzed: string[];
}

export const DEFAULT_VACUUM_POLICY: VacuumPolicy = {
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  insertThreshold: 1_000,
  insertScaleFactor: 0.2,
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
  freezeMaxAge: 200_000_000,
  multixactFreezeMaxAge: 400_000_000,
  // An ANALYZE of events samples 30,000 of its pages, payloads and all: 434–632 ms at 300,000
  // events, each time a tenth more came in, holding the embedded database (which runs one
  // statement at a time). Its VACUUM keeps the planner's count of its rows current.
  neverAnalyzed: ["events"],
};

export interface TableMaintenance {
  table: string;
  vacuumed: boolean;
  /** Vacuumed for its inserts alone: everything it read was frozen (VACUUM (FREEZE)). */
  froze: boolean;
  analyzed: boolean;
  /** How long it held the database: the embedded database runs one statement at a time. */
  durationMs: number;
}

const DUE_TABLES = `
WITH tables AS (
  SELECT c.oid::regclass::text AS name, c.relname, c.relkind, greatest(c.reltuples, 0) AS tuples,
         s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze,
         age(c.relfrozenxid) AS xid_age, mxid_age(c.relminmxid) AS mxid_age,
         c.reltuples < 0 AND pg_relation_size(c.oid) > 0 AS unknown
  FROM pg_class c JOIN pg_stat_all_tables s ON s.relid = c.oid
  WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence = 'p'
), rules AS (
  SELECT name, xid_age,
         n_dead_tup > $1 + $2 * tuples AS dead,
         unknown OR n_ins_since_vacuum > $3 + $4 * tuples AS inserted,
         xid_age > $5 OR mxid_age > $6 AS old,
         relkind <> 't' AND relname <> ALL($9::text[]) AND (unknown OR n_mod_since_analyze > $7 + $8 * tuples) AS changed
  FROM tables
)
SELECT name, dead OR inserted OR old AS vacuum, inserted AND NOT (dead OR old) AS freeze, changed AS "analyze"
FROM rules WHERE dead OR inserted OR old OR changed ORDER BY xid_age DESC`;

/**
 * Vacuums and analyzes the tables whose changes call for it, one at a time, oldest first.
 * Between two tables it waits as long as the last one took, so that the ingestion batches
 * queued behind one table's maintenance are written before the next table's begins.
 */
export async function vacuumWhereDue(
  pglite: PGlite,
  policy: VacuumPolicy = DEFAULT_VACUUM_POLICY,
  /** Aborted when the database is about to close: no table is begun after that. */
  stop?: AbortSignal,
): Promise<TableMaintenance[]> {
  // A backend hands its activity counts over at most once a second, when idle: ask for them now.
  await pglite.query("SELECT pg_stat_force_next_flush()");
  const { rows } = await pglite.query<{ name: string; vacuum: boolean; freeze: boolean; analyze: boolean }>(DUE_TABLES, [
    policy.vacuumThreshold,
    policy.vacuumScaleFactor,
    policy.insertThreshold,
    policy.insertScaleFactor,
    policy.freezeMaxAge,
    policy.multixactFreezeMaxAge,
    policy.analyzeThreshold,
    policy.analyzeScaleFactor,
    policy.neverAnalyzed,
  ]);
  const done: TableMaintenance[] = [];
  for (const { name, vacuum, freeze, analyze } of rows) {
    if (done.length > 0) await new Promise((resolve) => setTimeout(resolve, done[done.length - 1].durationMs));
    if (stop?.aborted) break;
    const started = performance.now();
    // Separate calls: VACUUM may not share a multi-statement query's implicit transaction.
    await pglite.exec(vacuum ? `VACUUM ${vacuumOptions(freeze, analyze)}${name}` : `ANALYZE ${name}`);
    done.push({ table: name, vacuumed: vacuum, froze: freeze, analyzed: analyze, durationMs: performance.now() - started });
  }
  return done;
}

function vacuumOptions(freeze: boolean, analyze: boolean): string {
  const options = [freeze && "FREEZE", analyze && "ANALYZE"].filter(Boolean);
  return options.length > 0 ? `(${options.join(", ")}) ` : "";
}
