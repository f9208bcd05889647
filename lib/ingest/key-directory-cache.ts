import type { ClientKeyGrant, KeyDirectory } from "./runtime";

// Ingestion looks a key up on every request; a short-lived cache keeps that off the database.
// A revoked key or a settings change made in this process is seen at once (`forgetAll`);
// one made in another process once the entry expires (ttlMs after its lookup began).
// A key in use is looked up again in the second half of its entry's life, in the background:
// were requests to wait for that lookup, every key's requests would stall once per ttlMs
// behind whatever the database is busy with.

export interface CachedKeyDirectory extends KeyDirectory {
  forgetAll(): void;
}

interface Entry {
  grant: Promise<ClientKeyGrant | null>;
  refreshAt: number;
  expiresAt: number;
  refreshing: boolean;
}

export function createCachedKeyDirectory(
  lookup: (publicKey: string) => Promise<ClientKeyGrant | null>,
  ttlMs: number,
  clock: () => number = Date.now,
): CachedKeyDirectory {
  const entries = new Map<string, Entry>();

  function start(publicKey: string): Entry {
    const now = clock();
    const entry: Entry = { grant: lookup(publicKey), refreshAt: now + ttlMs / 2, expiresAt: now + ttlMs, refreshing: false };
    entry.grant.catch(() => {
      if (entries.get(publicKey) === entry) entries.delete(publicKey);
    });
    return entry;
  }

  function refresh(publicKey: string, current: Entry) {
    current.refreshing = true;
    const next = start(publicKey);
    next.grant.then(
      // Not after forgetAll or a newer lookup: only the entry it refreshes is replaced.
      () => entries.get(publicKey) === current && entries.set(publicKey, next),
      () => (current.refreshing = false),
    );
  }

  return {
    findKey(publicKey) {
      const now = clock();
      const cached = entries.get(publicKey);
      if (cached && cached.expiresAt > now) {
        if (now >= cached.refreshAt && !cached.refreshing) refresh(publicKey, cached);
        return cached.grant;
      }
      if (entries.size > 10_000) entries.clear();
      const entry = start(publicKey);
      entries.set(publicKey, entry);
      return entry.grant;
    },
    forgetAll() {
      entries.clear();
    },
  };
}
