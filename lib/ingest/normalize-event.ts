import { computeGroupingKey } from "./grouping";
import { describeCulprit, describeTitle } from "./title-and-culprit";
import type { EventFacts, NormalizedEvent, NormalizedException, NormalizedFrame, Result } from "./types";
import { nestsDeeperThan } from "./nesting-depth";

type JsonObject = Record<string, unknown>;

/** Old clients' interface names → today's keys (only applied when today's key is absent). */
const LEGACY_INTERFACES: ReadonlyArray<readonly [string, string]> = [
  ["sentry.interfaces.Exception", "exception"],
  ["sentry.interfaces.Stacktrace", "stacktrace"],
  ["sentry.interfaces.Message", "logentry"],
  ["sentry.interfaces.User", "user"],
  ["sentry.interfaces.Http", "request"],
  ["sentry.interfaces.Template", "template"],
  ["sentry.interfaces.Query", "query"],
  ["sentry.interfaces.Breadcrumbs", "breadcrumbs"],
  ["sentry.interfaces.Contexts", "contexts"],
  ["sentry.interfaces.Threads", "threads"],
  ["sentry.interfaces.DebugMeta", "debug_meta"],
];

const LEVEL_NAMES = new Map([
  ["debug", "debug"],
  ["info", "info"],
  ["log", "info"],
  ["warning", "warning"],
  ["warn", "warning"],
  ["error", "error"],
  ["fatal", "fatal"],
  ["critical", "fatal"],
]);

/** Python logging levels, which raven-python sent as numbers. */
const PYTHON_LEVELS = new Map([
  [10, "debug"],
  [20, "info"],
  [30, "warning"],
  [40, "error"],
  [50, "fatal"],
]);

/**
 * An event payload as the store and the list need it. Never throws; only a payload that is not
 * a JSON object is refused. `fallbackEventId` (e.g. the envelope header's) is used when the
 * payload has no valid id; without either, an id is generated.
 */
/** Real events nest a dozen levels; PostgreSQL's and V8's recursive JSON code fail near 5,000. */
const MAX_EVENT_DEPTH = 256;

export function normalizeEvent(
  raw: unknown,
  receivedAt: Date,
  fallbackEventId?: string,
): Result<NormalizedEvent> {
  if (!isObject(raw)) return { ok: false, error: { kind: "malformed", detail: "the event is not a JSON object" } };
  if (nestsDeeperThan(raw, MAX_EVENT_DEPTH)) {
    return { ok: false, error: { kind: "malformed", detail: `the event nests objects deeper than ${MAX_EVENT_DEPTH} levels` } };
  }
  const payload = renameLegacyInterfaces(raw);
  const facts = readEventFacts(payload);
  return {
    ok: true,
    value: {
      eventId: readEventId(payload.event_id) ?? readEventId(fallbackEventId) ?? generateEventId(),
      occurredAt: withinClockDrift(readTimestamp(payload.timestamp), receivedAt),
      platform: readText(payload.platform) ?? "other",
      level: readLevel(payload.level),
      release: readText(payload.release),
      environment: readText(payload.environment),
      title: describeTitle(facts),
      culprit: describeCulprit(facts),
      groupingKey: computeGroupingKey(facts),
      userKey: readUserKey(payload.user),
      exceptions: facts.exceptions,
      payload,
    },
  };
}

function renameLegacyInterfaces(raw: JsonObject): JsonObject {
  const payload: JsonObject = { ...raw };
  for (const [legacy, current] of LEGACY_INTERFACES) {
    if (!(legacy in payload)) continue;
    if (payload[current] === undefined || payload[current] === null) payload[current] = payload[legacy];
    delete payload[legacy];
  }
  return payload;
}

/** What title, culprit and grouping need, from a payload whose legacy names are renamed. */
export function readEventFacts(payload: JsonObject): EventFacts {
  const threads = readThreads(payload.threads);
  const topLevelFrames = readFrames(payload.stacktrace);
  const rawExceptions = readExceptionList(payload.exception);
  const exceptions: NormalizedException[] = [];
  for (const value of rawExceptions) {
    const exception = readException(value);
    if (!exception) continue;
    if (exception.frames.length === 0 && isObject(value) && value.thread_id !== undefined) {
      exception.frames = threads.find((thread) => thread.id === String(value.thread_id))?.frames ?? [];
    }
    exceptions.push(exception);
  }
  // Old clients sent the stack beside a single exception rather than inside it.
  if (exceptions.length === 1 && exceptions[0].frames.length === 0) exceptions[0].frames = topLevelFrames;

  const { message, messageTemplate } = readMessage(payload);
  return {
    exceptions,
    otherFrames: topLevelFrames.length > 0 ? topLevelFrames : pickThreadFrames(threads),
    message,
    messageTemplate,
    fingerprint: readFingerprint(payload.fingerprint),
    sdkCulprit: readText(payload.culprit),
    transaction: readText(payload.transaction),
  };
}

/** `{values: […]}`, a bare list, or one exception object. */
function readExceptionList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return [];
  if (Array.isArray(value.values)) return value.values;
  return "values" in value ? [] : [value];
}

function readException(value: unknown): NormalizedException | null {
  if (!isObject(value)) return null;
  const type = readText(value.type) ?? "";
  const text = readText(value.value) ?? "";
  const frames = readFrames(value.stacktrace);
  if (!type && !text && frames.length === 0) return null;
  const exception: NormalizedException = { type, value: text, frames };
  const moduleName = readText(value.module);
  if (moduleName) exception.module = moduleName;
  return exception;
}

function readFrames(stacktrace: unknown): NormalizedFrame[] {
  const frames = isObject(stacktrace) ? stacktrace.frames : undefined;
  return Array.isArray(frames) ? frames.filter(isObject).map(readFrame) : [];
}

function readFrame(raw: JsonObject): NormalizedFrame {
  const frame: NormalizedFrame = { inApp: raw.in_app === true };
  const filename = readText(raw.filename);
  const absPath = readText(raw.abs_path);
  const moduleName = readText(raw.module);
  const name = readText(raw.function);
  const pkg = readText(raw.package);
  const lineno = readInteger(raw.lineno);
  const colno = readInteger(raw.colno);
  const contextLine = typeof raw.context_line === "string" ? raw.context_line : undefined;
  const preContext = readLines(raw.pre_context);
  const postContext = readLines(raw.post_context);
  if (filename) frame.filename = filename;
  if (absPath) frame.absPath = absPath;
  if (moduleName) frame.module = moduleName;
  if (name) frame.function = name;
  if (pkg) frame.package = pkg;
  if (lineno !== undefined) frame.lineno = lineno;
  if (colno !== undefined) frame.colno = colno;
  if (contextLine !== undefined) frame.contextLine = contextLine;
  if (preContext) frame.preContext = preContext;
  if (postContext) frame.postContext = postContext;
  return frame;
}

interface ThreadStack {
  id: string | null;
  crashed: boolean;
  current: boolean;
  frames: NormalizedFrame[];
}

function readThreads(value: unknown): ThreadStack[] {
  return readExceptionList(value)
    .filter(isObject)
    .map((thread) => ({
      id: thread.id === undefined || thread.id === null ? null : String(thread.id),
      crashed: thread.crashed === true,
      current: thread.current === true,
      frames: readFrames(thread.stacktrace),
    }))
    .filter((thread) => thread.frames.length > 0);
}

/** The crashed thread, else the current one, else the only thread with a stack. */
function pickThreadFrames(threads: ThreadStack[]): NormalizedFrame[] {
  const thread =
    threads.find((candidate) => candidate.crashed) ??
    threads.find((candidate) => candidate.current) ??
    (threads.length === 1 ? threads[0] : undefined);
  return thread?.frames ?? [];
}

/** `logentry` wins over `message`; either may be a string or `{formatted, message, params}`. */
function readMessage(payload: JsonObject): { message: string | null; messageTemplate: string | null } {
  for (const candidate of [payload.logentry, payload.message]) {
    if (typeof candidate === "string") {
      if (candidate.trim()) return { message: candidate, messageTemplate: candidate };
      continue;
    }
    if (!isObject(candidate)) continue;
    const formatted = readText(candidate.formatted);
    const template = readText(candidate.message);
    if (!formatted && !template) continue;
    return {
      message: formatted ?? formatMessage(template ?? "", candidate.params),
      messageTemplate: template ?? formatted,
    };
  }
  return { message: null, messageTemplate: null };
}

/** Python-style `%s` (positional params) and `%(name)s` (named params), as Relay fills them in. */
function formatMessage(template: string, params: unknown): string {
  if (Array.isArray(params)) {
    let next = 0;
    return template.replace(/%(%|[sdifr])/g, (match, spec: string) => {
      if (spec === "%") return "%";
      return next < params.length ? describeParam(params[next++]) : match;
    });
  }
  if (isObject(params)) {
    return template.replace(/%\(([^)]+)\)[sdifr]/g, (match, name: string) =>
      Object.hasOwn(params, name) ? describeParam(params[name]) : match,
    );
  }
  return template;
}

function describeParam(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

function readFingerprint(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const entries = value
    .map((entry) => (typeof entry === "string" || typeof entry === "number" || typeof entry === "boolean" ? String(entry) : null))
    .filter((entry): entry is string => entry !== null);
  return entries.length > 0 ? entries : null;
}

/** 32 lower-case hex digits, from an id with or without dashes; null when it is not one. */
function readEventId(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const id = value.replaceAll("-", "").toLowerCase();
  return /^[0-9a-f]{32}$/.test(id) ? id : null;
}

function generateEventId(): string {
  return globalThis.crypto.randomUUID().replaceAll("-", "");
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** ISO 8601 (a missing zone is UTC, any number of fraction digits) or epoch seconds. */
const MAX_MS_IN_FUTURE = 24 * 3600 * 1000;

/**
 * A timestamp before 1970 or over a day ahead of receipt is a broken clock (and may lie outside
 * what the database stores): the event counts as happening when it was received.
 */
function withinClockDrift(timestamp: Date | null, receivedAt: Date): Date {
  if (timestamp === null) return receivedAt;
  const ms = timestamp.getTime();
  return ms < 0 || ms > receivedAt.getTime() + MAX_MS_IN_FUTURE ? receivedAt : timestamp;
}

function readTimestamp(value: unknown): Date | null {
  if (typeof value === "number") return toDate(Math.round(value * 1000));
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return toDate(Math.round(Number(text) * 1000));
  const parts = ISO_TIMESTAMP.exec(text);
  if (!parts) return null;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "", zone = "Z"] = parts;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return null;
  const millis = Number(fraction.slice(0, 3).padEnd(3, "0"));
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis);
  return toDate(utc - readZoneOffsetMinutes(zone) * 60_000);
}

function readZoneOffsetMinutes(zone: string): number {
  if (zone === "Z" || zone === "z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
  return zone.startsWith("-") ? -minutes : minutes;
}

function toDate(millis: number): Date | null {
  const date = new Date(millis);
  return Number.isFinite(date.getTime()) ? date : null;
}

function readLevel(value: unknown): string {
  if (typeof value === "number") return PYTHON_LEVELS.get(value) ?? "error";
  if (typeof value !== "string") return "error";
  const text = value.trim().toLowerCase();
  return LEVEL_NAMES.get(text) ?? PYTHON_LEVELS.get(Number(text)) ?? "error";
}

/** Who was affected: id, else email, else username, else IP (`{{auto}}` is not an address). */
function readUserKey(user: unknown): string | null {
  if (!isObject(user)) return null;
  const candidates: Array<[string, unknown]> = [
    ["id", user.id],
    ["email", user.email],
    ["username", user.username],
    ["ip", user.ip_address === "{{auto}}" ? null : user.ip_address],
  ];
  for (const [kind, value] of candidates) {
    const text = readText(value);
    if (text) return `${kind}:${text}`;
  }
  return null;
}

function readText(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function readInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

function readLines(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((line): line is string => typeof line === "string") : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
