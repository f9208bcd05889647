-- On PostgreSQL the server now sends payloads as plain JSON bytes and the database compresses
-- them (lz4 where it has it) in its own processes, sparing the server's one thread the work.
-- The embedded database still gets them compressed by the server: stored inline, or, when
-- large, out of line after a compression attempt that gives up within the first kilobyte.
ALTER TABLE "events" ALTER COLUMN "payload" SET STORAGE EXTENDED;
DO $$
BEGIN
  ALTER TABLE "events" ALTER COLUMN "payload" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 compression is not available; event payloads keep the default compression';
END
$$;
