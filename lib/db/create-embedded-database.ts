// Run by embedded-database-thread.ts as a process of its own: creates the database of the data
// dir given as its argument and applies the migrations to it, then exits. When it cannot, it
// prints the reason as `{ "error": … }` on stdout (see lib/hosting/script-process.ts).
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";

async function main(dataDir: string): Promise<void> {
  const db = await openDatabase({ dataDir, serveSocket: false });
  try {
    await migrateDatabase(db);
  } finally {
    await db.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});
