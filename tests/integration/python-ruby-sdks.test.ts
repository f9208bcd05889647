import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureProductionBuild } from "../support/production-build";
import { seedDatabase, type Seed } from "../support/seed";
import { startServer, type RunningServer } from "../support/server-process";
import { createTestDatabase, type TestDatabaseLocation } from "../support/test-database";

// Debian's packaged Sentry SDKs (python3-sentry-sdk, ruby-sentry-ruby), as real clients.

const run = promisify(execFile);

const PYTHON = `
import sys, sentry_sdk
sentry_sdk.init(sys.argv[1], release="billing@3.1.0", environment="production")
sentry_sdk.set_user({"id": "py-user"})
def compute_invoice_total(lines):
    return sum(lines) / len([])
try:
    compute_invoice_total([1, 2])
except Exception as error:
    sentry_sdk.set_tag("marker", sys.argv[2])
    sentry_sdk.capture_exception(error)
sentry_sdk.flush(10)
`;

const RUBY = `
require "sentry-ruby"
Sentry.init do |config|
  config.dsn = ARGV[0]
  config.release = "shipping@0.9.0"
  config.background_worker_threads = 0
end
def book_parcel(marker)
  raise ArgumentError, "parcel too heavy #{marker}"
end
begin
  book_parcel(ARGV[1])
rescue => error
  Sentry.capture_exception(error)
end
`;

describe("errors sent by the Python and Ruby SDKs", () => {
  let location: TestDatabaseLocation;
  let seed: Seed;
  let server: RunningServer;

  const findErrors = async (search: string) => {
    const response = await fetch(
      `${server.url}/api/v4/projects/${seed.project.id}/error_tracking/errors?search=${encodeURIComponent(search)}`,
      { headers: { "private-token": seed.tokens.reporter } },
    );
    return (await response.json()) as Array<{ id: number; title: string; culprit: string; platform: string; first_release: string }>;
  };

  beforeAll(async () => {
    ensureProductionBuild();
    location = await createTestDatabase("pglite", { keepOpen: false });
    seed = await seedDatabase(location);
    server = await startServer({ entry: "npm start", dataDir: location.dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    await location?.drop();
  });

  it("stores a ZeroDivisionError from sentry-python with its culprit and release", async () => {
    await run("/usr/bin/python3", ["-c", PYTHON, seed.dsnFor(server.url), `py${Date.now()}`]);
    const [error] = await findErrors("ZeroDivisionError");
    expect(error).toMatchObject({ title: "ZeroDivisionError: division by zero", platform: "python", first_release: "billing@3.1.0" });
    expect(error.culprit).toMatch(/compute_invoice_total/);
  });

  it("stores an ArgumentError from sentry-ruby", async () => {
    const marker = `rb${Date.now()}`;
    await run("ruby", ["-e", RUBY, seed.dsnFor(server.url), marker]);
    const [error] = await findErrors(marker);
    expect(error).toMatchObject({ title: `ArgumentError: parcel too heavy ${marker}`, platform: "ruby", first_release: "shipping@0.9.0" });
    expect(error.culprit).toMatch(/book_parcel/);
  });
});
