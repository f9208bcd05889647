import type { EventSink } from "./runtime";
import type { NormalizedEvent } from "./types";

// Group commit: requests that arrive while a transaction is being written wait for the next
// one, so under load many requests share one transaction and each is answered when its own
// transaction commits. Nothing is acknowledged before it is durable.

export interface StoredEvent {
  projectId: number;
  event: NormalizedEvent;
}

interface Pending<Item> {
  events: Item[];
  resolve: () => void;
  reject: (cause: unknown) => void;
}

export interface BatchingSinkOptions<Item> {
  /** Turns each event into what `write` takes, as its request arrives. */
  prepare: (event: StoredEvent) => Item;
  /** Events per transaction at most; one request's events are never split. */
  maxBatch: number;
  /** Transactions in flight at once. */
  concurrency: number;
}

/** Node's setImmediate runs right after pending I/O; other runtimes have only timers. */
const nextMacrotask: (run: () => void) => void =
  typeof globalThis.setImmediate === "function" ? (run) => globalThis.setImmediate(run) : (run) => setTimeout(run, 0);

export function createBatchingSink<Item>(write: (batch: Item[]) => Promise<void>, options: BatchingSinkOptions<Item>): EventSink {
  const queue: Pending<Item>[] = [];
  let inFlight = 0;
  let pumpScheduled = false;
  let idle: Array<() => void> = [];

  // A batch is taken one macrotask later, not at once: without the pause each request would
  // reach an idle writer alone and every transaction would carry one event. The pause lets
  // the requests read in this turn of the event loop join.
  function schedulePump() {
    if (pumpScheduled) return;
    pumpScheduled = true;
    nextMacrotask(() => {
      pumpScheduled = false;
      pump();
    });
  }

  function pump() {
    while (inFlight < options.concurrency && queue.length > 0) {
      const taken = takeBatch();
      inFlight += 1;
      void writeTaken(taken).finally(() => {
        inFlight -= 1;
        schedulePump();
        if (inFlight === 0 && queue.length === 0) {
          const waiters = idle;
          idle = [];
          for (const wake of waiters) wake();
        }
      });
    }
  }

  function takeBatch(): Pending<Item>[] {
    const taken: Pending<Item>[] = [];
    let size = 0;
    while (queue.length > 0 && (taken.length === 0 || size + queue[0].events.length <= options.maxBatch)) {
      const next = queue.shift()!;
      size += next.events.length;
      taken.push(next);
    }
    return taken;
  }

  async function writeTaken(taken: Pending<Item>[]) {
    try {
      await write(taken.flatMap((p) => p.events));
      for (const p of taken) p.resolve();
    } catch (cause) {
      if (taken.length === 1) {
        taken[0].reject(cause);
        return;
      }
      // One request's bad data must not fail the others that shared its transaction.
      for (const p of taken) {
        try {
          await write(p.events);
          p.resolve();
        } catch (alone) {
          p.reject(alone);
        }
      }
    }
  }

  return {
    storeEvents(projectId, events) {
      if (events.length === 0) return Promise.resolve();
      let prepared: Item[];
      try {
        prepared = events.map((event) => options.prepare({ projectId, event }));
      } catch (cause) {
        return Promise.reject(cause);
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ events: prepared, resolve, reject });
        schedulePump();
      });
    },
    drain() {
      if (inFlight === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
