import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { checkpointIfDue } from "@/lib/db/embedded-checkpoints";
import { createPglite } from "@/lib/db/create-pglite";

describe("checkpoints on the embedded database", () => {
  let pglite: PGlite;
  const redoLsn = async () => (await pglite.query<{ redo: string }>("SELECT redo_lsn::text AS redo FROM pg_control_checkpoint()")).rows[0].redo;
  /** Each row holds ~1 KB that does not compress, so the WAL grows by about `kb` KB. */
  const writeWal = (kb: number) =>
    pglite.exec(`INSERT INTO filler SELECT (SELECT string_agg(md5(random()::text || i || j), '') FROM generate_series(1, 32) j) FROM generate_series(1, ${kb}) i`);

  beforeAll(async () => {
    pglite = createPglite();
    await pglite.exec("CREATE TABLE filler (data text); CHECKPOINT");
  });
  afterAll(() => pglite.close());

  it("run once the WAL since the last one reaches the policy's size, and not again until it grows", async () => {
    const policy = { maxWalBytes: 2 * 2 ** 20, maxSeconds: 3600 };
    await pglite.exec("CHECKPOINT");
    await writeWal(512);
    const before = await redoLsn();
    expect(await checkpointIfDue(pglite, policy)).toBeNull();
    expect(await redoLsn()).toBe(before);

    await writeWal(2 * 1024);
    const run = await checkpointIfDue(pglite, policy);
    expect(run?.walBytes).toBeGreaterThanOrEqual(policy.maxWalBytes);
    expect(run?.durationMs).toBeGreaterThan(0);
    expect(await redoLsn()).not.toBe(before);
    expect(await checkpointIfDue(pglite, policy)).toBeNull();
  });

  it("run after the policy's time when anything was written, and leave an idle database alone", async () => {
    const policy = { maxWalBytes: 2 ** 40, maxSeconds: 0 };
    await pglite.exec("CHECKPOINT");
    const idle = await redoLsn();
    expect(await checkpointIfDue(pglite, policy)).toBeNull();
    expect(await redoLsn()).toBe(idle);

    await writeWal(64);
    expect(await checkpointIfDue(pglite, policy)).toMatchObject({ walBytes: expect.any(Number) });
    expect(await redoLsn()).not.toBe(idle);
  });
});
