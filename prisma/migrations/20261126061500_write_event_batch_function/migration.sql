-- Ingestion's batch write becomes a function. PL/pgSQL keeps the plan of its statement for the
-- session, so the embedded database no longer plans it for every batch: its connections share
-- one session, where named prepared statements cannot be used, and planning this statement was
-- about a third of the embedded database's work per batch. On PostgreSQL it is planned once
-- per connection, as the named statement it replaces was.
--
-- A kept plan is planned once, for the tables as they were then: on a new database it would
-- find each event's id among the stored ones by reading the whole (then empty) events table,
-- and keep doing so as the table grows. Joins by hash or merge and sequential scans are ruled
-- out for this statement, so its plan looks ids up in the index at every size; a batch holds
-- at most a few hundred events, so its other joins are small either way.
--
-- `batch` is a JSON array of the events' fields; `payloads` holds their stored payloads side by
-- side, each event naming its slice (payload_start, 1-based, and payload_length).
CREATE FUNCTION "write_event_batch"(batch json, payloads bytea) RETURNS void LANGUAGE plpgsql
SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off
AS $$
BEGIN
  WITH input AS (
    SELECT * FROM json_to_recordset(batch) AS i(
      project_id int, event_id uuid, fingerprint text, occurred_at timestamptz, release text,
      environment text, user_key text, title text, culprit text, platform text, level text,
      payload_start int, payload_length int)
  ),
  -- SDKs resend an event when an answer is lost: an event id already stored must not count twice.
  fresh AS (
    SELECT i.* FROM input i
    WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.project_id = i.project_id AND e.event_id = i.event_id)
  ),
  groups AS (
    SELECT project_id, fingerprint, count(*) AS events_count,
      min(occurred_at) AS first_seen_at, max(occurred_at) AS last_seen_at,
      (array_agg(title ORDER BY occurred_at DESC, event_id))[1] AS title,
      (array_agg(culprit ORDER BY occurred_at DESC, event_id))[1] AS culprit,
      (array_agg(platform ORDER BY occurred_at DESC, event_id))[1] AS platform,
      (array_agg(level ORDER BY occurred_at DESC, event_id))[1] AS level,
      (array_agg(event_id ORDER BY occurred_at DESC, event_id))[1] AS last_event_id,
      (array_agg(release ORDER BY occurred_at DESC, event_id))[1] AS last_event_release,
      (array_agg(release ORDER BY occurred_at, event_id) FILTER (WHERE release IS NOT NULL))[1] AS first_release,
      (array_agg(release ORDER BY occurred_at DESC, event_id) FILTER (WHERE release IS NOT NULL))[1] AS last_release
    FROM fresh GROUP BY project_id, fingerprint
  ),
  new_users AS (
    INSERT INTO error_users (project_id, fingerprint, user_key)
    SELECT DISTINCT project_id, fingerprint, user_key FROM fresh WHERE user_key IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING project_id, fingerprint
  ),
  user_counts AS (
    SELECT project_id, fingerprint, count(*) AS n FROM new_users GROUP BY project_id, fingerprint
  ),
  upserted AS (
    INSERT INTO errors AS e (project_id, fingerprint, title, culprit, platform, level, events_count, users_count,
      first_seen_at, last_seen_at, first_release, last_release, last_event_id)
    SELECT g.project_id, g.fingerprint, g.title, g.culprit, g.platform, g.level, g.events_count, coalesce(u.n, 0),
      g.first_seen_at, g.last_seen_at, g.first_release, g.last_release, g.last_event_id
    FROM groups g LEFT JOIN user_counts u USING (project_id, fingerprint)
    ORDER BY g.project_id, g.fingerprint
    ON CONFLICT (project_id, fingerprint) DO UPDATE SET
      events_count = e.events_count + EXCLUDED.events_count,
      users_count = e.users_count + EXCLUDED.users_count,
      first_seen_at = LEAST(e.first_seen_at, EXCLUDED.first_seen_at),
      last_seen_at = GREATEST(e.last_seen_at, EXCLUDED.last_seen_at),
      title = CASE WHEN EXCLUDED.last_seen_at >= e.last_seen_at THEN EXCLUDED.title ELSE e.title END,
      culprit = CASE WHEN EXCLUDED.last_seen_at >= e.last_seen_at THEN EXCLUDED.culprit ELSE e.culprit END,
      level = CASE WHEN EXCLUDED.last_seen_at >= e.last_seen_at THEN EXCLUDED.level ELSE e.level END,
      last_event_id = CASE WHEN EXCLUDED.last_seen_at >= e.last_seen_at THEN EXCLUDED.last_event_id ELSE e.last_event_id END,
      first_release = COALESCE(e.first_release, EXCLUDED.first_release),
      last_release = COALESCE(EXCLUDED.last_release, e.last_release),
      -- A new event reopens a resolved error (a regression); an ignored error stays ignored.
      status = CASE WHEN e.status = 'resolved' THEN 'unresolved' ELSE e.status END,
      resolved_at = CASE WHEN e.status = 'resolved' THEN NULL ELSE e.resolved_at END,
      regressed_by_event_id = CASE WHEN e.status = 'resolved' THEN EXCLUDED.last_event_id ELSE e.regressed_by_event_id END
    RETURNING id, project_id, fingerprint, regressed_by_event_id
  ),
  stored AS (
    INSERT INTO events (project_id, error_id, event_id, occurred_at, release, environment, payload)
    SELECT f.project_id, u.id, f.event_id, f.occurred_at, f.release, f.environment,
      substring(payloads FROM f.payload_start FOR f.payload_length)
    FROM fresh f JOIN upserted u USING (project_id, fingerprint)
    ON CONFLICT (project_id, event_id) DO NOTHING
  )
  -- The last step is the statement itself; every step above runs to completion all the same.
  INSERT INTO regressions (project_id, error_id, event_id, release)
  SELECT u.project_id, u.id, g.last_event_id, g.last_event_release
  FROM upserted u JOIN groups g USING (project_id, fingerprint)
  WHERE u.regressed_by_event_id = g.last_event_id;
END
$$;
