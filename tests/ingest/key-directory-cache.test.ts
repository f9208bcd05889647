import { describe, expect, it } from "vitest";
import { createCachedKeyDirectory } from "@/lib/ingest/key-directory-cache";
import type { ClientKeyGrant } from "@/lib/ingest/runtime";

const grant = (revoked: boolean): ClientKeyGrant => ({ projectId: 1, revoked, secretKey: "s", accepting: true, rateLimitPerMinute: null });

/** A key directory whose answers the test releases one at a time. */
function controlledLookups() {
  const pending: Array<(grant: ClientKeyGrant | null) => void> = [];
  const failures: Array<(cause: Error) => void> = [];
  return {
    lookup: (_key: string) =>
      new Promise<ClientKeyGrant | null>((resolve, reject) => {
        pending.push(resolve);
        failures.push(reject);
      }),
    get started() {
      return pending.length;
    },
    answer(index: number, value: ClientKeyGrant | null) {
      pending[index](value);
    },
    fail(index: number) {
      failures[index](new Error("database unavailable"));
    },
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A cache (ttl 1,000 ms) whose first lookup of "k", at time 0, answered an active key. */
async function cacheWithOneEntry() {
  const clock = { now: 0 };
  const lookups = controlledLookups();
  const keys = createCachedKeyDirectory(lookups.lookup, 1000, () => clock.now);
  const first = keys.findKey("k");
  lookups.answer(0, grant(false));
  expect(await first).toEqual(grant(false));
  return { clock, lookups, keys };
}

describe("the ingestion key cache", () => {
  it("answers from the entry while it is fresh, and looks the key up again in the background in the second half of its life", async () => {
    const { clock, lookups, keys } = await cacheWithOneEntry();
    clock.now = 400;
    expect(await keys.findKey("k")).toEqual(grant(false));
    expect(lookups.started).toBe(1);

    // Past half its life: the answer comes at once from the entry, one lookup starts behind it.
    clock.now = 600;
    expect(await keys.findKey("k")).toEqual(grant(false));
    expect(await keys.findKey("k")).toEqual(grant(false));
    expect(lookups.started).toBe(2);

    lookups.answer(1, grant(true));
    await settled();
    clock.now = 900;
    expect(await keys.findKey("k")).toEqual(grant(true));
    expect(lookups.started).toBe(2);
  });

  it("waits for a new lookup once the entry has expired, so another process's revocation is seen within the ttl", async () => {
    const { clock, lookups, keys } = await cacheWithOneEntry();
    clock.now = 1000;
    const after = keys.findKey("k");
    expect(lookups.started).toBe(2);
    lookups.answer(1, grant(true));
    expect(await after).toEqual(grant(true));
  });

  it("keeps the entry when a background lookup fails, and tries again on the next request", async () => {
    const { clock, lookups, keys } = await cacheWithOneEntry();
    clock.now = 600;
    await keys.findKey("k");
    lookups.fail(1);
    await settled();
    expect(await keys.findKey("k")).toEqual(grant(false));
    expect(lookups.started).toBe(3);
  });

  it("drops a background lookup's answer that arrives after forgetAll", async () => {
    const { clock, lookups, keys } = await cacheWithOneEntry();
    clock.now = 600;
    await keys.findKey("k");
    keys.forgetAll();
    const fresh = keys.findKey("k");
    lookups.answer(2, grant(true));
    expect(await fresh).toEqual(grant(true));
    lookups.answer(1, grant(false));
    await settled();
    expect(await keys.findKey("k")).toEqual(grant(true));
  });
});
