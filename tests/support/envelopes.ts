import { randomUUID } from "node:crypto";

/** An SDK-shaped error event thrown from one in-app frame; `overrides` replace top-level fields. */
export function errorEvent(type: string, overrides: Record<string, unknown> = {}): Record<string, unknown> & { event_id: string } {
  return {
    event_id: randomUUID().replace(/-/g, ""),
    platform: "node",
    level: "error",
    timestamp: Date.now() / 1000,
    exception: {
      values: [
        {
          type,
          value: "something broke",
          stacktrace: { frames: [{ filename: "/srv/app/orders.js", function: "placeOrder", lineno: 42, in_app: true }] },
        },
      ],
    },
    ...overrides,
  };
}

/** One event as an envelope body, as SDKs send it to `/envelope/`. */
export function envelopeOf(event: { event_id: string }): string {
  const header = { event_id: event.event_id, sent_at: new Date().toISOString() };
  return `${JSON.stringify(header)}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
}

/** A new error event's envelope and its id. */
export function errorEnvelope(type: string): { body: string; eventId: string } {
  const event = errorEvent(type);
  return { body: envelopeOf(event), eventId: event.event_id };
}

export async function postEnvelope(baseUrl: string, projectId: number, publicKey: string, body: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/${projectId}/envelope/`, {
    method: "POST",
    headers: { "x-sentry-auth": `Sentry sentry_version=7, sentry_key=${publicKey}`, "content-type": "application/x-sentry-envelope" },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
