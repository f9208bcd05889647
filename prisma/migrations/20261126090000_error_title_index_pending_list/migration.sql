-- A new title goes into the trigram index's pending list, 128 kB at most, and the list is
-- merged into the index in bulk when full: about a quarter of the work of inserting each
-- title's ~30 trigrams one by one, which cost PGlite 1–2 ms per title (measured with 3,000
-- titles in chunks of 10: 3.1 s inline, 0.8 s through the list; the slowest chunk 30 ms
-- inline, 20 ms when it merged the list). Only the title copy (lib/db/error-titles.ts)
-- writes this table, so a merge never holds up ingestion's batches, and a search reads at
-- most 128 kB of list. The 4 MB default made a merge stall PGlite for seconds.
ALTER INDEX "error_titles_title_trgm_idx" SET (fastupdate = on, gin_pending_list_limit = 128);
