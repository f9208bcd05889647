import type { Database, DbKind } from "@/lib/db/client";
import { encodeEventPayload } from "@/lib/db/event-payload";
import { buildDeepStackEvent, deepStackCulprit, DEEP_STACK_TITLE } from "./deep-stack-event";

// Seeds one project for the page benchmark straight in SQL (INSERT … SELECT over
// generate_series, no row through Prisma): a Developer, `errors` tracked errors and `events`
// events. Errors: ~80% unresolved, 15% resolved, 5% ignored; first and last seen spread over
// 90 days, last seen mostly recent; a release a day. Events per error follow a Zipf-like law
// (the busiest error has tens of thousands, most a handful, each at least one), and each
// error's `events_count` is exactly its rows in `events`. One error's latest event carries a
// stack trace of DEEP_STACK_FRAMES frames.

export const DEEP_STACK_FRAMES = 200;
export const BENCH_PROJECT_SLUG = "shop";
/** Matches about one title in sixteen. */
export const COMMON_SEARCH = "undefined";
/** Matches one title in 2,000. */
export const RARE_SEARCH = "deadlock";
/** Matches none: every title of the status is read unless an index says otherwise. */
export const NO_MATCH_SEARCH = "quota exhausted";

export interface SeedSizes {
  errors: number;
  events: number;
}

export interface SeededProject {
  userId: number;
  projectSlug: string;
  deepStackErrorId: number;
}

interface SqlRunner {
  query<Row>(text: string, params?: unknown[]): Promise<Row[]>;
}

const EVENT_CHUNKS = 10;

const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;
const sqlArray = (items: string[]) => `ARRAY[${items.map(sqlText).join(", ")}]`;

// %1$s a word, %2$s a number below 1,000, %3$s a digit.
const TEMPLATES: Array<[type: string, message: string]> = [
  ["TypeError", "Cannot read properties of undefined (reading '%1$s')"],
  ["TypeError", "Cannot read properties of null (reading '%1$s')"],
  ["TypeError", "%1$s.map is not a function"],
  ["ReferenceError", "%1$s is not defined"],
  ["Error", "Request failed with status code 5%3$s%3$s"],
  ["SyntaxError", "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON"],
  ["Error", "connect ECONNREFUSED 10.0.%3$s.%2$s:5432"],
  ["TimeoutError", "Navigation timeout of %2$s00 ms exceeded"],
  ["ValidationError", "\"%1$s\" is required"],
  ["DatabaseError", "duplicate key value violates unique constraint \"%1$s_pkey\""],
  ["NotFoundError", "Order %2$s%3$s not found"],
  ["RangeError", "Invalid time value for %1$s"],
  ["AbortError", "The operation was aborted while loading %1$s"],
  ["ChunkLoadError", "Loading chunk %2$s failed."],
  ["Error", "ENOENT: no such file or directory, open '/srv/shop/uploads/%1$s-%2$s.png'"],
  ["UnhandledRejection", "Non-Error promise rejection captured with value: %1$s"],
];
const RARE_TEMPLATE: [string, string] = ["Error", "Deadlock detected while updating inventory for %1$s"];
const RARE_EVERY = 2000;

const WORDS = [
  "id", "userId", "email", "price", "items", "length", "cartId", "sku", "token", "address", "currency", "locale",
  "variant", "quantity", "discount", "session", "profile", "avatarUrl", "orderId", "shippingMethod", "taxRate",
  "coupon", "warehouse", "invoice", "refund", "category", "slug", "thumbnail", "rating", "reviews",
];
const MODULES = [
  "src.routes:checkout", "src.routes:catalog", "src.routes:account", "src.services:payments", "src.services:inventory",
  "src.services:shipping", "src.jobs:send-receipts", "src.jobs:sync-stock", "src.lib:money", "src.lib:http-client",
  "src.db:orders", "src.db:customers", "src.components:cart-drawer", "src.components:product-card",
];
const FUNCTIONS = [
  "handleSubmit", "loadOrder", "chargeCard", "reserveStock", "quoteShipping", "renderPrice", "fetchJson", "saveCustomer",
  "applyCoupon", "sendReceipt", "syncWarehouse", "getServerSideProps", "resolveCategory", "formatAddress",
];

/** `shop@2.<day>.0`, a release a day over the 90 days before `now`. */
const releaseAt = (now: string, at: string) => `'shop@2.' || (90 - floor(extract(epoch from (${now} - ${at})) / 86400))::int || '.0'`;

function insertErrorsSql(count: number, events: number): string {
  const extra = events - count;
  const templates = [...TEMPLATES, RARE_TEMPLATE];
  const values = templates.map(([type, message], index) => `(${index}, ${sqlText(type)}, ${sqlText(message)})`).join(",\n    ");
  return `
WITH templates(idx, type, message) AS (VALUES
    ${values}
), base AS (
  SELECT i, ((i::bigint * 7919) % ${count} + 1)::float8 AS rnk,
    random() AS u_first, random() AS u_last, random() AS u_status, random() AS u_resolved,
    random() AS u_template, random() AS u_word, random() AS u_module, random() AS u_function, random() AS u_level, random() AS u_users
  FROM generate_series(1, ${count}) AS i
), shared AS (
  SELECT *, floor(${extra} * power(rnk, -0.9) / sum(power(rnk, -0.9)) OVER ()) AS extra FROM base
), counted AS (
  SELECT *, (1 + extra + CASE WHEN rnk <= ${extra} - sum(extra) OVER () THEN 1 ELSE 0 END)::bigint AS n FROM shared
), timed AS (
  SELECT *, date_trunc('milliseconds', $2::timestamptz - interval '90 days' * u_first) AS first_seen FROM counted
), described AS (
  SELECT *,
    CASE WHEN n = 1 THEN first_seen ELSE date_trunc('milliseconds', $2::timestamptz - ($2::timestamptz - first_seen) * power(u_last, 3)) END AS last_seen,
    CASE WHEN u_status < 0.05 THEN 'ignored' WHEN u_status < 0.20 THEN 'resolved' ELSE 'unresolved' END AS status,
    CASE WHEN i % ${RARE_EVERY} = 0 THEN ${templates.length - 1} ELSE floor(u_template * ${TEMPLATES.length})::int END AS template,
    (${sqlArray(WORDS)})[1 + floor(u_word * ${WORDS.length})::int] AS word,
    (${sqlArray(MODULES)})[1 + floor(u_module * ${MODULES.length})::int] AS module,
    (${sqlArray(FUNCTIONS)})[1 + floor(u_function * ${FUNCTIONS.length})::int] AS function
  FROM timed
)
INSERT INTO errors (id, project_id, fingerprint, title, culprit, platform, level, status, events_count, users_count,
  first_seen_at, last_seen_at, first_release, last_release, last_event_id, resolved_at)
SELECT d.i, $1, encode(sha256(convert_to('bench:' || d.i, 'UTF8')), 'hex'),
  t.type || ': ' || format(t.message, d.word, (d.i % 997)::text, (d.i % 7)::text),
  d.module || ' in ' || d.function,
  CASE WHEN d.module LIKE 'src.components:%' THEN 'javascript' ELSE 'node' END,
  CASE WHEN d.u_level < 0.03 THEN 'fatal' WHEN d.u_level < 0.10 THEN 'warning' ELSE 'error' END,
  d.status::"ErrorStatus", d.n, least(d.n, ceil(d.n * (0.05 + 0.4 * d.u_users)))::int,
  d.first_seen, d.last_seen, ${releaseAt("$2::timestamptz", "d.first_seen")}, ${releaseAt("$2::timestamptz", "d.last_seen")},
  md5('event:' || d.i || ':' || d.n)::uuid,
  CASE WHEN d.status = 'resolved' THEN d.last_seen + interval '1 day' * d.u_resolved END
FROM described d JOIN templates t ON t.idx = d.template`;
}

// Oldest event first within each error, so the error's latest event has the highest id (as
// ingestion leaves it) and is the one `last_event_id` names. Payloads are stored as plain JSON
// bytes, which the reader takes as well as the compressed ones ingestion writes.
const INSERT_EVENTS_SQL = `
INSERT INTO events (project_id, error_id, event_id, received_at, occurred_at, release, environment, payload)
SELECT e.project_id, e.id, md5('event:' || e.id || ':' || k)::uuid, t.at + interval '120 milliseconds', t.at, t.release, t.environment,
  convert_to(json_build_object(
    'event_id', md5('event:' || e.id || ':' || k),
    'timestamp', extract(epoch from t.at),
    'platform', e.platform,
    'level', e.level,
    'release', t.release,
    'environment', t.environment,
    'server_name', 'shop-web-' || (k % 6),
    'transaction', 'POST /api/' || split_part(split_part(e.culprit, ' in ', 1), ':', 2),
    'exception', json_build_object('values', json_build_array(json_build_object(
      'type', split_part(e.title, ': ', 1),
      'value', substr(e.title, strpos(e.title, ': ') + 2),
      'mechanism', json_build_object('type', 'onunhandledrejection', 'handled', false),
      'stacktrace', json_build_object('frames', json_build_array(
        json_build_object('filename', 'node:internal/process/task_queues', 'function', 'process.processTicksAndRejections', 'lineno', 95, 'colno', 5, 'in_app', false),
        json_build_object('filename', 'node_modules/express/lib/router/layer.js', 'function', 'Layer.handle [as handle_request]', 'lineno', 95, 'colno', 5, 'in_app', false),
        json_build_object(
          'filename', replace(replace(split_part(e.culprit, ' in ', 1), '.', '/'), ':', '/') || '.ts',
          'module', split_part(e.culprit, ' in ', 1),
          'function', split_part(e.culprit, ' in ', 2),
          'lineno', 10 + e.id % 300, 'colno', 7 + k % 40, 'in_app', true,
          'context_line', '    const result = await ' || split_part(e.culprit, ' in ', 2) || '(input);')))))),
    'tags', json_build_object('runtime', 'node', 'server_name', 'shop-web-' || (k % 6), 'region', CASE WHEN k % 3 = 0 THEN 'eu-west-1' ELSE 'us-east-1' END),
    'user', json_build_object('id', 'user-' || ((e.id * 31 + k * 7) % 5000)),
    'request', json_build_object('url', 'https://shop.example.com/api/' || split_part(split_part(e.culprit, ' in ', 1), ':', 2), 'method', 'POST'),
    'contexts', json_build_object('runtime', json_build_object('name', 'node', 'version', 'v20.18.1'), 'os', json_build_object('name', 'Linux', 'version', '6.8.0')),
    'sdk', json_build_object('name', 'sentry.javascript.node', 'version', '8.42.0'))::text, 'UTF8')
FROM errors e
CROSS JOIN LATERAL generate_series(1, e.events_count) AS k
CROSS JOIN LATERAL (
  SELECT at, ${releaseAt("$2::timestamptz", "at")} AS release, CASE WHEN k % 10 = 0 THEN 'staging' ELSE 'production' END AS environment
  FROM (SELECT date_trunc('milliseconds', e.first_seen_at + (e.last_seen_at - e.first_seen_at) * ((k - 1)::float8 / greatest(e.events_count - 1, 1))) AS at) a
) t
WHERE e.project_id = $1 AND e.id BETWEEN $3 AND $4`;

/** Bulk loads run faster with the indexes built once afterwards than updated row by row; the
 *  indexes a constraint (a key, or a foreign key's target) uses stay. */
async function withoutSecondaryIndexes<T>(sql: SqlRunner, table: string, load: () => Promise<T>): Promise<T> {
  const indexes = await sql.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = $1
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
    [table],
  );
  for (const index of indexes) await sql.query(`DROP INDEX "${index.name}"`);
  const result = await load();
  for (const index of indexes) await sql.query(index.definition);
  return result;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.log(`    ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function seedWith(sql: SqlRunner, sizes: SeedSizes, now: Date, analyze: boolean, database: DbKind): Promise<SeededProject> {
  await sql.query("SELECT setseed(0.42)");
  const [user] = await sql.query<{ id: number }>(
    "INSERT INTO users (email, name, is_admin) VALUES ('developer@shop.example', 'Bench Developer', false) RETURNING id",
  );
  const [project] = await sql.query<{ id: number }>(
    `INSERT INTO projects (slug, name, repository_url) VALUES (${sqlText(BENCH_PROJECT_SLUG)}, 'Shop', 'https://github.com/example/shop') RETURNING id`,
  );
  await sql.query("INSERT INTO memberships (project_id, user_id, role) VALUES ($1, $2, 'developer')", [project!.id, user!.id]);
  await sql.query("INSERT INTO error_tracking_settings (project_id, active, backend) VALUES ($1, true, 'integrated')", [project!.id]);

  await timed(`${sizes.errors.toLocaleString("en")} errors`, () =>
    withoutSecondaryIndexes(sql, "errors", () => sql.query(insertErrorsSql(sizes.errors, sizes.events), [project!.id, now])),
  );
  await sql.query("SELECT setval(pg_get_serial_sequence('errors', 'id'), $1)", [sizes.errors]);
  await timed(`${sizes.events.toLocaleString("en")} events`, () =>
    withoutSecondaryIndexes(sql, "events", async () => {
      const step = Math.ceil(sizes.errors / EVENT_CHUNKS);
      for (let from = 1; from <= sizes.errors; from += step) {
        await sql.query(INSERT_EVENTS_SQL, [project!.id, now, from, from + step - 1]);
      }
    }),
  );

  const deepStackErrorId = await timed(`a ${DEEP_STACK_FRAMES}-frame stack trace on one error's latest event`, () =>
    addDeepStackEvent(sql, project!.id, database),
  );
  if (analyze) await timed("ANALYZE", () => sql.query("ANALYZE"));

  const [check] = await sql.query<{ errors: string; events: string; counted: string; by_status: string }>(
    `SELECT (SELECT count(*) FROM errors)::text AS errors, (SELECT count(*) FROM events)::text AS events,
       (SELECT sum(events_count) FROM errors)::text AS counted,
       (SELECT string_agg(status || ' ' || n, ', ' ORDER BY status) FROM (SELECT status::text, count(*) AS n FROM errors GROUP BY status) s) AS by_status`,
  );
  if (check!.events !== check!.counted || Number(check!.events) !== sizes.events) {
    throw new Error(`seeded ${check!.events} events but the errors count ${check!.counted}`);
  }
  console.log(`    ${check!.errors} errors (${check!.by_status}), ${check!.events} events`);
  return { userId: user!.id, projectSlug: BENCH_PROJECT_SLUG, deepStackErrorId };
}

async function addDeepStackEvent(sql: SqlRunner, projectId: number, database: DbKind): Promise<number> {
  const [target] = await sql.query<{ id: number; event_row: string; event_id: string; occurred_at: string; release: string }>(
    `SELECT e.id, ev.id::text AS event_row, replace(ev.event_id::text, '-', '') AS event_id, ev.occurred_at::text AS occurred_at, ev.release
     FROM errors e
     JOIN LATERAL (SELECT * FROM events WHERE error_id = e.id ORDER BY id DESC LIMIT 1) ev ON true
     WHERE e.project_id = $1 AND e.status = 'unresolved' AND e.events_count BETWEEN 5 AND 50
     ORDER BY e.id LIMIT 1`,
    [projectId],
  );
  if (!target) throw new Error("no unresolved error with 5 to 50 events to give a deep stack trace");
  const payload = buildDeepStackEvent(DEEP_STACK_FRAMES, target.event_id, new Date(target.occurred_at), target.release);
  await sql.query("UPDATE events SET payload = $1 WHERE id = $2::bigint", [encodeEventPayload(payload, database), target.event_row]);
  await sql.query("UPDATE errors SET title = $1, culprit = $2, platform = 'node', level = 'error' WHERE id = $3", [
    DEEP_STACK_TITLE,
    deepStackCulprit(DEEP_STACK_FRAMES),
    target.id,
  ]);
  return target.id;
}

/**
 * Seeds a freshly migrated database. PostgreSQL is analysed afterwards, as autovacuum would
 * soon do; PGlite has no autovacuum, so its tables are left as ingestion would leave them.
 */
export async function seedTriageData(db: Database, sizes: SeedSizes, now: Date): Promise<SeededProject> {
  if (sizes.events < sizes.errors) throw new Error("every error needs at least one event");
  if (db.pglite) {
    const pglite = db.pglite;
    return seedWith({ query: async (text, params) => (await pglite.query(text, params)).rows as never }, sizes, now, false, db.kind);
  }
  if (!db.pool) throw new Error("no connection to seed through");
  const client = await db.pool.connect();
  try {
    return await seedWith({ query: async (text, params) => (await client.query(text, params)).rows }, sizes, now, true, db.kind);
  } finally {
    client.release();
  }
}
