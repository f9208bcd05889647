/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two development servers run side by side in one checkout (never set in production).
  distDir: process.env.FAULTLINE_NEXT_DIST_DIR || ".next",
  // Sentry SDKs post to `/api/1/store/` and `/api/1/envelope`: never answer them with a redirect.
  skipTrailingSlashRedirect: true,
  // Each page's code is loaded when it is first asked for, not all at start: a server that only
  // ingests (or whose users open a few pages) never holds the rest, some 40 MB.
  experimental: { preloadEntriesOnStart: false },
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "pg",
  ],
};

export default nextConfig;
