// No `import "server-only"`: loaded by the CLI and scripts under plain Node.
import type { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { createPglite } from "@/lib/db/create-pglite";

// pglite-prisma-adapter 0.7 starts executeScript without awaiting it, so a migration's failure
// surfaces as an unhandled rejection instead of failing the migration; await it here.
function awaitingScripts(adapter: SqlDriverAdapter, pglite: PGlite, onDispose?: () => Promise<void>): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  return Object.assign(adapter, {
    async executeScript(script: string) {
      await pglite.exec(script);
    },
    async dispose() {
      await dispose();
      await onDispose?.();
    },
  });
}

export function createPgliteAdapterFactory(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPGlite(pglite);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      return awaitingScripts(await inner.connect(), pglite);
    },
    async connectToShadowDb() {
      const shadow = createPglite();
      const adapter = await new PrismaPGlite(shadow).connect();
      return awaitingScripts(adapter, shadow, () => shadow.close());
    },
  };
}
