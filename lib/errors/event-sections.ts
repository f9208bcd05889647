// The parts of one event the details page shows besides its stack trace and tags (SPEC §6):
// contexts, request, user and breadcrumbs, read out of the event JSON as SDKs send it or as
// Sentry's API returns it (`entries: [{type: "request" | "breadcrumbs", data}]`, pairs as
// `[[key, value], …]`). Everything comes back as display strings, so a page renders them as
// text and nothing an SDK sent is ever interpreted as markup or a link.

export interface KeyValue {
  key: string;
  value: string;
}

export interface ContextSection {
  name: string;
  entries: KeyValue[];
}

export interface RequestDetails {
  method: string | null;
  url: string | null;
  query: KeyValue[];
  headers: KeyValue[];
  cookies: KeyValue[];
  /** The body as sent, JSON-encoded when it is not a string. */
  data: string | null;
  env: KeyValue[];
}

export interface Breadcrumb {
  timestamp: Date | null;
  type: string | null;
  category: string | null;
  level: string | null;
  message: string | null;
  data: KeyValue[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const stringOrNull = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** Nothing worth a row: absent, empty text, `{}` or `[]`. */
const isBlank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (isObject(value) && Object.keys(value).length === 0);

/** A value for display: strings as they are, everything else as compact JSON. */
export function displayValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Pairs from an object, `[[key, value], …]`, `{key, value}` items, or a `a=b&c=d` string. */
export function keyValuesOf(source: unknown): KeyValue[] {
  if (typeof source === "string") {
    if (source === "") return [];
    return [...new URLSearchParams(source.replace(/^\?/, ""))].map(([key, value]) => ({ key, value }));
  }
  if (Array.isArray(source)) {
    return source.flatMap((item) => {
      if (Array.isArray(item) && typeof item[0] === "string") return [{ key: item[0], value: displayValue(item[1]) }];
      if (isObject(item) && typeof item.key === "string") return [{ key: item.key, value: displayValue(item.value) }];
      return [];
    });
  }
  if (isObject(source)) {
    return Object.entries(source)
      .filter(([, value]) => !isBlank(value))
      .map(([key, value]) => ({ key, value: displayValue(value) }));
  }
  return [];
}

function entryOf(event: Json, type: string): unknown {
  if (!Array.isArray(event.entries)) return undefined;
  const entry = event.entries.find((e) => isObject(e) && e.type === type);
  return isObject(entry) ? entry.data : undefined;
}

export function extractContexts(event: unknown): ContextSection[] {
  if (!isObject(event) || !isObject(event.contexts)) return [];
  return Object.entries(event.contexts).flatMap(([name, context]) => {
    if (!isObject(context)) return [];
    // `type` repeats the section's name for the well-known contexts (os, runtime, browser…).
    const entries = keyValuesOf(context).filter((entry) => !(entry.key === "type" && entry.value === name));
    return entries.length > 0 ? [{ name, entries }] : [];
  });
}

export function extractRequest(event: unknown): RequestDetails | null {
  if (!isObject(event)) return null;
  const request = event.request ?? event["sentry.interfaces.Http"] ?? entryOf(event, "request");
  if (!isObject(request)) return null;
  const data = request.data ?? request.body;
  const details: RequestDetails = {
    method: stringOrNull(request.method),
    url: stringOrNull(request.url),
    query: keyValuesOf(request.query_string ?? request.query),
    headers: keyValuesOf(request.headers),
    cookies: keyValuesOf(request.cookies),
    data: data === undefined || data === null || data === "" ? null : displayValue(data),
    env: keyValuesOf(request.env),
  };
  const empty =
    details.method === null &&
    details.url === null &&
    details.data === null &&
    [details.query, details.headers, details.cookies, details.env].every((list) => list.length === 0);
  return empty ? null : details;
}

export function extractUser(event: unknown): KeyValue[] {
  if (!isObject(event)) return [];
  const user = event.user ?? event["sentry.interfaces.User"];
  return isObject(user) ? keyValuesOf(user) : [];
}

/** Seconds since the epoch (SDKs) or an ISO string (Sentry's API); null when unreadable. */
function timestampOf(value: unknown): Date | null {
  const date = typeof value === "number" ? new Date(value * 1000) : typeof value === "string" ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** Oldest first, as sent. */
export function extractBreadcrumbs(event: unknown): Breadcrumb[] {
  if (!isObject(event)) return [];
  const container = event.breadcrumbs ?? event["sentry.interfaces.Breadcrumbs"] ?? entryOf(event, "breadcrumbs");
  const values = Array.isArray(container) ? container : isObject(container) && Array.isArray(container.values) ? container.values : [];
  return values.filter(isObject).map((crumb) => ({
    timestamp: timestampOf(crumb.timestamp),
    type: stringOrNull(crumb.type),
    category: stringOrNull(crumb.category),
    level: stringOrNull(crumb.level),
    message: stringOrNull(crumb.message),
    data: keyValuesOf(crumb.data),
  }));
}
