/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two development servers run side by side in one checkout (never set in production).
  distDir: process.env.FAULTLINE_NEXT_DIST_DIR || ".next",
  // Sentry SDKs post to `/api/1/store/` and `/api/1/envelope`: never answer them with a redirect.
  skipTrailingSlashRedirect: true,
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "pg",
  ],
};

export default nextConfig;
