// No `import "server-only"`: the CLI and scripts load this under plain Node.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

type EngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let engineModule: Promise<EngineModule> | undefined;

// The package's ESM entry imports the .wasm file directly, which Node 20 only allows behind
// --experimental-wasm-modules; instantiating it here works under plain node, tsx and vitest.
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // Not require.resolve: Next's bundler turns that into a module id. Every entry point runs
    // from the project root (see below).
    const bytes = await readFile(
      /*turbopackIgnore: true*/ path.resolve("node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm"),
    );
    const imports: WebAssembly.ModuleImports = { ...(bg as unknown as WebAssembly.ModuleImports) };
    // The engine arms 10-second timers (timeouts around its own work) and leaves them behind,
    // which would keep a finished `npm run db:migrate` alive; its pending work always awaits the
    // adapter, so unref'd timers change nothing else.
    for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(callback, ms >>> 0);
        timer.unref();
        return timer;
      };
    }
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return engineModule;
}

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string },
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadEngineModule();
  return SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}

// Every entry point (npm scripts, vitest, `next start`) runs from the project root. The
// turbopackIgnore comments keep Next from tracing the whole project because of these paths.
export const migrationsDir = path.resolve("prisma/migrations");
export const schemaPath = path.resolve("prisma/schema.prisma");

export async function readSchema(): Promise<{ path: string; content: string }> {
  return { path: schemaPath, content: await readFile(/*turbopackIgnore: true*/ schemaPath, "utf8") };
}

// Mirrors how the Prisma CLI reads a migrations folder (sorted directories, each with a
// migration.sql), so the history stays compatible with `prisma migrate deploy`.
export async function readMigrations(baseDir: string = migrationsDir): Promise<MigrationList> {
  const lockPath = "migration_lock.toml";
  const lockContent = await readFile(/*turbopackIgnore: true*/ path.join(baseDir, lockPath), "utf8").catch(() => null);
  const entries = await readdir(/*turbopackIgnore: true*/ baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => {
        const file = "migration.sql";
        const content = await readFile(/*turbopackIgnore: true*/ path.join(baseDir, e.name, file), "utf8")
          .then((value) => ({ tag: "ok" as const, value }))
          .catch((err: Error) => ({ tag: "error" as const, value: err.message }));
        return { path: e.name, migrationFile: { path: file, content } };
      }),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}
