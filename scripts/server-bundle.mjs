// The server (server.ts) and the embedded database's thread as plain JavaScript, bundled into
// dist/ at every `npm start` (it takes a fraction of a second). Run from source instead, under
// tsx, the server's memory held tsx's module hooks and the source maps of every module it
// loaded: some 110 MB more at rest, measured on the same server.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

/**
 * Bundled code still finds files relative to its source file (the embedded database's creation
 * script, the project root): `import.meta.url` in the project's own modules is their source's URL.
 */
const sourceImportMetaUrl = {
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, "utf8");
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
    });
  },
};

/** Bundles the server into `<projectRoot>/dist` and returns the path of its entry. */
export async function bundleServer(projectRoot) {
  const outdir = path.join(projectRoot, "dist");
  const workerBundle = path.join(outdir, "embedded-database-worker.mjs");
  const result = await esbuild.build({
    absWorkingDir: projectRoot,
    entryPoints: { server: "server.ts", "embedded-database-worker": "lib/db/embedded-database-worker.ts" },
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    define: { FAULTLINE_DB_WORKER_BUNDLE: JSON.stringify(pathToFileURL(workerBundle).href) },
    plugins: [sourceImportMetaUrl],
    write: false,
    logLevel: "warning",
  });
  await esbuild.stop();
  await writeAtomically(result.outputFiles);
  await removeStaleChunks(path.join(outdir, "chunks"), result.outputFiles);
  return path.join(outdir, "server.mjs");
}

/** Several servers may start at once from one checkout (the tests do): none reads a half-written file. */
async function writeAtomically(files) {
  for (const file of files) {
    await mkdir(path.dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
}

/** Chunks are named by their content: the ones this bundle does not use are from older sources. */
async function removeStaleChunks(chunksDir, files) {
  const current = new Set(files.map((file) => path.basename(file.path)));
  const present = await readdir(chunksDir).catch(() => []);
  await Promise.all(present.filter((name) => !current.has(name) && name.endsWith(".mjs")).map((name) => rm(path.join(chunksDir, name), { force: true })));
}
