import type { RateLimiter } from "./runtime";

// A per-project sliding window over the last minute, kept in buckets of one second. State lives
// in this process: several processes each enforce the limit on what they receive.

const BUCKETS = 60;

interface Window {
  counts: Int32Array;
  /** The second (epoch) each bucket counts. */
  seconds: Float64Array;
}

export function createRateLimiter(clock: () => number = Date.now): RateLimiter {
  const windows = new Map<number, Window>();

  return {
    take(projectId, limitPerMinute, count) {
      if (limitPerMinute === null) return { allowed: true };
      const nowSecond = Math.floor(clock() / 1000);
      let window = windows.get(projectId);
      if (!window) {
        window = { counts: new Int32Array(BUCKETS), seconds: new Float64Array(BUCKETS).fill(-1) };
        windows.set(projectId, window);
      }
      let used = 0;
      for (let i = 0; i < BUCKETS; i++) {
        if (window.seconds[i] > nowSecond - BUCKETS) used += window.counts[i];
      }
      if (used + count > limitPerMinute) {
        return { allowed: false, retryAfterSeconds: secondsUntilRoom(window, nowSecond, used + count - limitPerMinute) };
      }
      const slot = nowSecond % BUCKETS;
      if (window.seconds[slot] !== nowSecond) {
        window.seconds[slot] = nowSecond;
        window.counts[slot] = 0;
      }
      window.counts[slot] += count;
      return { allowed: true };
    },
  };
}

/** How long until enough of the oldest buckets expire to free `needed` events. */
function secondsUntilRoom(window: Window, nowSecond: number, needed: number): number {
  const live: Array<{ second: number; count: number }> = [];
  for (let i = 0; i < BUCKETS; i++) {
    if (window.seconds[i] > nowSecond - BUCKETS && window.counts[i] > 0) {
      live.push({ second: window.seconds[i], count: window.counts[i] });
    }
  }
  live.sort((a, b) => a.second - b.second);
  let freed = 0;
  for (const bucket of live) {
    freed += bucket.count;
    if (freed >= needed) return Math.max(1, bucket.second + BUCKETS - nowSecond);
  }
  return BUCKETS;
}
