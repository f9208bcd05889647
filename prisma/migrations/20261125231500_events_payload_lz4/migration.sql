-- Event payloads are compressed when stored (TOAST). lz4 writes them about a third faster than
-- the default pglz on PostgreSQL servers built with it; where it is missing (PGlite, some
-- builds) the default stays. Storage settings are not part of the Prisma schema.
DO $$
BEGIN
  ALTER TABLE "events" ALTER COLUMN "payload" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 compression is not available; event payloads keep the default compression';
END
$$;
