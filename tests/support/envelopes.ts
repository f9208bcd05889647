import { randomUUID } from "node:crypto";

/** A minimal SDK-shaped envelope with one error event; returns its body and event id. */
export function errorEnvelope(type: string, value = "it broke"): { body: string; eventId: string } {
  const eventId = randomUUID().replace(/-/g, "");
  const event = {
    event_id: eventId,
    platform: "node",
    level: "error",
    timestamp: Date.now() / 1000,
    exception: {
      values: [
        {
          type,
          value,
          stacktrace: { frames: [{ filename: "/srv/app/jobs.js", function: "runJob", lineno: 42, in_app: true }] },
        },
      ],
    },
  };
  const header = { event_id: eventId, sent_at: new Date().toISOString() };
  return { body: `${JSON.stringify(header)}\n{"type":"event"}\n${JSON.stringify(event)}\n`, eventId };
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
