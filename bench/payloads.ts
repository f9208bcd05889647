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
  const padding = breadcrumbsFor(template, targetBytes);
  let sequence = 0;
  const render = (errorName: string) => {
    const eventId = randomUUID().replace(/-/g, "");
    const event = structuredClone(template.event) as Record<string, any>;
    event.event_id = eventId;
    event.timestamp = Date.now() / 1000;
    event.breadcrumbs = padding;
    const exception = event.exception.values[0];
    exception.type = errorName;
    exception.value = `benchmark failure ${sequence}`;
    event.user = { id: `user-${sequence % 200}` };
    const header = { ...template.header, event_id: eventId, sent_at: new Date().toISOString() };
    return Buffer.from(`${JSON.stringify(header)}\n${JSON.stringify(template.itemHeader)}\n${JSON.stringify(event)}\n`);
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
