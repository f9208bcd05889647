-- CreateTable
CREATE TABLE "error_title_changes" (
    "error_id" INTEGER NOT NULL,

    CONSTRAINT "error_title_changes_pkey" PRIMARY KEY ("error_id")
);

-- AddForeignKey
ALTER TABLE "error_title_changes" ADD CONSTRAINT "error_title_changes_error_id_fkey" FOREIGN KEY ("error_id") REFERENCES "errors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The triggers now only note which errors' titles changed. Copying the title (and rewriting
-- its trigram entries) on every change cost ingestion a third of its speed when each event of
-- an error brings a new message: the index took ~30 entries per event, and its posting lists
-- filled with dead row versions until the next VACUUM.
DROP TRIGGER "errors_copy_title_on_insert" ON "errors";
DROP TRIGGER "errors_copy_title_on_update" ON "errors";
DROP FUNCTION "copy_error_title"();

CREATE FUNCTION "note_error_title_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Already noted: the conflict check reads the index and writes nothing.
  INSERT INTO "error_title_changes" ("error_id") VALUES (NEW."id") ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER "errors_note_title_on_insert" AFTER INSERT ON "errors"
  FOR EACH ROW EXECUTE FUNCTION "note_error_title_change"();
CREATE TRIGGER "errors_note_title_on_update" AFTER UPDATE OF "title" ON "errors"
  FOR EACH ROW WHEN (OLD."title" IS DISTINCT FROM NEW."title") EXECUTE FUNCTION "note_error_title_change"();
