-- The error list's search matches titles with ILIKE '%…%'. A trigram index finds the few
-- matching titles instead of reading every title of a status (a search matching 1 error in
-- 2,000 read all 80,000 unresolved titles: 135 ms on PostgreSQL, 100–240 ms on PGlite).
-- pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. PGlite
-- loads it in lib/db/create-pglite.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "error_titles" (
    "error_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "error_titles_pkey" PRIMARY KEY ("error_id")
);

-- CreateIndex
-- fastupdate off: a new title goes straight into the index. With the default pending list,
-- PGlite flushed it inline every few megabytes and stalled ingestion for seconds at a time.
CREATE INDEX "error_titles_title_trgm_idx" ON "error_titles" USING GIN ("title" gin_trgm_ops) WITH (fastupdate = off);

-- AddForeignKey
ALTER TABLE "error_titles" ADD CONSTRAINT "error_titles_error_id_fkey" FOREIGN KEY ("error_id") REFERENCES "errors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept in step by a trigger, whoever writes `errors`; it fires only when a title is new or
-- changed, so the events that merely repeat an error do not touch error_titles.
CREATE FUNCTION "copy_error_title"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "error_titles" ("error_id", "title") VALUES (NEW."id", NEW."title")
  ON CONFLICT ("error_id") DO UPDATE SET "title" = EXCLUDED."title";
  RETURN NULL;
END
$$;

CREATE TRIGGER "errors_copy_title_on_insert" AFTER INSERT ON "errors"
  FOR EACH ROW EXECUTE FUNCTION "copy_error_title"();
CREATE TRIGGER "errors_copy_title_on_update" AFTER UPDATE OF "title" ON "errors"
  FOR EACH ROW WHEN (OLD."title" IS DISTINCT FROM NEW."title") EXECUTE FUNCTION "copy_error_title"();

-- The errors that exist already.
INSERT INTO "error_titles" ("error_id", "title") SELECT "id", "title" FROM "errors";
