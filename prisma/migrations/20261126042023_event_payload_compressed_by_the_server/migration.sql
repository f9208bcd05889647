-- Event payloads become bytes the server has compressed (zlib) before sending them. As `json`
-- the database parsed every payload to validate it and then compressed it itself (pglz on
-- PGlite, which lacks lz4): for 50 KB events, most of the embedded database's time.
-- The payloads stored so far stay readable as they are: plain JSON (the reader tells the two
-- apart by the first byte, `{` or zlib's 0x78).
-- AlterTable
ALTER TABLE "events" ALTER COLUMN "payload" SET DATA TYPE BYTEA USING convert_to("payload"::text, 'UTF8');

-- Already compressed: kept out of line when large, never compressed again.
ALTER TABLE "events" ALTER COLUMN "payload" SET STORAGE EXTERNAL;
