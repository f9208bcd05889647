import { randomUUID } from "node:crypto";
import type { StoredEvent } from "@/lib/ingest/store-event";

/** A normalized event of an error with this grouping key and title, as ingestion stores it. */
export function storedEventOf(projectId: number, groupingKey: string, title: string): StoredEvent {
  return {
    projectId,
    event: {
      eventId: randomUUID().replace(/-/g, ""),
      occurredAt: new Date(),
      platform: "node",
      level: "error",
      release: null,
      environment: null,
      title,
      culprit: "app.js in main",
      groupingKey,
      userKey: null,
      exceptions: [],
      payload: { message: title },
    },
  };
}
