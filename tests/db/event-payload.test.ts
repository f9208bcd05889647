import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPglite } from "@/lib/db/create-pglite";
import { decodeEventPayload, encodeEventPayload } from "@/lib/db/event-payload";
import { migrationsDir } from "@/lib/db/schema-engine";

const PAYLOAD_MIGRATION = "20261126042023_event_payload_compressed_by_the_server";

describe("stored event payloads", () => {
  const event = {
    event_id: "6a3f0c3b4c2a4a0d9f1e2b3c4d5e6f70",
    message: "NUL \u0000 and a lone \udc00 survive",
    breadcrumbs: { values: Array.from({ length: 200 }, (_, i) => ({ category: "http", data: { url: `https://api.example.com/items/${i}` } })) },
  };

  it("are compressed JSON for the embedded database, and read back as sent", () => {
    const stored = encodeEventPayload(event, "pglite");
    expect(stored[0]).toBe(0x78);
    expect(stored.length).toBeLessThan(JSON.stringify(event).length / 4);
    expect(decodeEventPayload(stored)).toEqual(event);
  });

  it("are plain JSON bytes when the database compresses them itself (PostgreSQL)", () => {
    const stored = encodeEventPayload(event, "postgres");
    expect(stored[0]).toBe(0x7b);
    expect(stored.toString("utf8")).toBe(JSON.stringify(event));
    expect(decodeEventPayload(stored)).toEqual(event);
  });

  it("read the plain JSON bytes of payloads stored before compression", () => {
    expect(decodeEventPayload(new TextEncoder().encode(JSON.stringify(event)))).toEqual(event);
  });

  it("read as an empty object when the JSON is not an object", () => {
    expect(decodeEventPayload(new TextEncoder().encode("[1,2]"))).toEqual({});
    expect(decodeEventPayload(new TextEncoder().encode("null"))).toEqual({});
  });

  it("stored as json before their migration read back as sent after it", async () => {
    const names = (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const sql = (name: string) => readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
    const pglite = createPglite();
    try {
      for (const name of names.slice(0, names.indexOf(PAYLOAD_MIGRATION))) await pglite.exec(await sql(name));
      await pglite.exec(`
        INSERT INTO projects (id, name, slug) VALUES (1, 'Old', 'old');
        INSERT INTO errors (id, project_id, fingerprint, title, first_seen_at, last_seen_at) VALUES (1, 1, 'f', 'Error: old', now(), now());`);
      await pglite.query("INSERT INTO events (project_id, error_id, event_id, occurred_at, payload) VALUES (1, 1, gen_random_uuid(), now(), $1::json)", [
        JSON.stringify(event),
      ]);
      await pglite.exec(await sql(PAYLOAD_MIGRATION));
      const { rows } = await pglite.query<{ payload: Uint8Array }>("SELECT payload FROM events");
      expect(decodeEventPayload(rows[0].payload)).toEqual(event);
    } finally {
      await pglite.close();
    }
  });
});
