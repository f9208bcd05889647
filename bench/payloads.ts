import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

// Realistic SDK envelopes: @sentry/node's own recorded event (stack trace with source context),
// resized to the target size with breadcrumbs, its exception varied so that a share of the
// events opens a new error and the rest repeat known ones.

const FIXTURES = path.resolve(import.meta.dirname, "../../shared/fixtures/sentry-events");

interface Template {
  header: Record<string, unknown>;
  itemHeader: Record<string, unknown>;
  event: Record<string, unknown>;
}

function loadTemplate(): Template {
  const [header, itemHeader, event] = readFileSync(path.join(FIXTURES, "node.envelope"), "utf8").split("\n");
  return { header: JSON.parse(header), itemHeader: JSON.parse(itemHeader), event: JSON.parse(event) };
}

export interface PayloadFactory {
  /** An envelope body for one event; `fresh` makes a never-seen error. */
  next(): Buffer;
  readonly sizeBytes: number;
}

export function createPayloadFactory(targetBytes: number, newErrorShare: number, knownErrors = 50): PayloadFactory {
  const template = loadTemplate();
  // Rendered once with markers, then filled by string concatenation: the load generator
  // shares the machine with the server, so each body must cost it next to nothing.
  const event = structuredClone(template.event) as Record<string, any>;
  event.event_id = "\u0000ID\u0000";
  event.timestamp = "\u0000TS\u0000";
  event.breadcrumbs = breadcrumbsFor(template, targetBytes);
  event.exception.values[0].type = "\u0000TYPE\u0000";
  event.exception.values[0].value = "benchmark failure \u0000SEQ\u0000";
  event.user = { id: "user-\u0000USER\u0000" };
  const header = { ...template.header, event_id: "\u0000ID\u0000", sent_at: "\u0000SENT\u0000" };
  const text = `${JSON.stringify(header)}\n${JSON.stringify(template.itemHeader)}\n${JSON.stringify(event)}\n`;
  const parts = text.split(/\\u0000([A-Z]+)\\u0000/);
  const timestampPart = parts.indexOf("TS");
  // The timestamp is a number in the SDK's JSON: drop the quotes around its marker.
  parts[timestampPart - 1] = parts[timestampPart - 1].slice(0, -1);
  parts[timestampPart + 1] = parts[timestampPart + 1].slice(1);

  let sequence = 0;
  const render = (errorName: string) => {
    const values: Record<string, string> = {
      ID: randomUUID().replace(/-/g, ""),
      TS: String(Date.now() / 1000),
      TYPE: errorName,
      SEQ: String(sequence),
      USER: String(sequence % 200),
      SENT: new Date().toISOString(),
    };
    let out = "";
    for (let i = 0; i < parts.length; i++) out += i % 2 === 0 ? parts[i] : values[parts[i]];
    return Buffer.from(out);
  };
  const sample = render("BenchError0");
  return {
    sizeBytes: sample.length,
    next() {
      sequence += 1;
      const fresh = Math.random() < newErrorShare;
      return render(fresh ? `BenchNewError${randomUUID().slice(0, 8)}` : `BenchError${sequence % knownErrors}`);
    },
  };
}

function breadcrumbsFor(template: Template, targetBytes: number) {
  const base = JSON.stringify(template).length;
  const crumbs: Array<Record<string, unknown>> = [];
  let size = base;
  while (size < targetBytes - 200) {
    const crumb = {
      timestamp: Date.now() / 1000,
      category: "http",
      type: "http",
      data: { method: "GET", url: `https://api.example.com/v1/items/${crumbs.length}?include=owner,tags`, status_code: 200 },
    };
    size += JSON.stringify(crumb).length + 1;
    crumbs.push(crumb);
  }
  return { values: crumbs };
}
