// Reads what the details page and API show out of one event's JSON: the stack trace of every
// exception and the tags. Tolerates what SDKs and Sentry send: `exception` as `{values}` or a
// bare list, legacy `sentry.interfaces.*` names, `threads` stacks, a top-level `stacktrace`,
// and Sentry's API shape (`entries: [{type: "exception", data}]`).

export interface StackFrame {
  filename: string | null;
  absPath: string | null;
  module: string | null;
  function: string | null;
  lineno: number | null;
  colno: number | null;
  inApp: boolean;
  preContext: string[];
  contextLine: string | null;
  postContext: string[];
}

export interface StackException {
  type: string | null;
  value: string | null;
  module: string | null;
  /** Oldest call first, as SDKs send them. */
  frames: StackFrame[];
}

export interface EventTag {
  key: string;
  value: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);
const numberOrNull = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

function valuesOf(container: unknown): unknown[] {
  if (Array.isArray(container)) return container;
  if (isObject(container) && Array.isArray(container.values)) return container.values;
  return [];
}

/** Sentry's API sends source context as `[[lineNo, line], …]` around the frame's line. */
function splitContextPairs(context: unknown, lineno: number | null) {
  const pairs = Array.isArray(context)
    ? context.filter((p): p is [number, string] => Array.isArray(p) && typeof p[0] === "number" && typeof p[1] === "string")
    : [];
  const strip = (line: string) => line.replace(/\r?\n$/, "");
  return {
    preContext: pairs.filter(([n]) => lineno !== null && n < lineno).map(([, line]) => strip(line)),
    contextLine: pairs.find(([n]) => n === lineno)?.[1] ?? null,
    postContext: pairs.filter(([n]) => lineno !== null && n > lineno).map(([, line]) => strip(line)),
  };
}

function framesOf(stacktrace: unknown): StackFrame[] {
  if (!isObject(stacktrace) || !Array.isArray(stacktrace.frames)) return [];
  return stacktrace.frames.filter(isObject).map((frame) => {
    const lineno = numberOrNull(frame.lineno ?? frame.lineNo);
    const paired = Array.isArray(frame.context) ? splitContextPairs(frame.context, lineno) : null;
    return {
      filename: stringOrNull(frame.filename),
      absPath: stringOrNull(frame.abs_path ?? frame.absPath),
      module: stringOrNull(frame.module),
      function: stringOrNull(frame.function),
      lineno,
      colno: numberOrNull(frame.colno ?? frame.colNo),
      inApp: (frame.in_app ?? frame.inApp) === true,
      preContext: paired?.preContext ?? strings(frame.pre_context),
      contextLine: paired ? (paired.contextLine === null ? null : paired.contextLine.replace(/\r?\n$/, "")) : stringOrNull(frame.context_line),
      postContext: paired?.postContext ?? strings(frame.post_context),
    };
  });
}

function exceptionContainerOf(event: Json): unknown {
  if (event.exception !== undefined) return event.exception;
  if (event["sentry.interfaces.Exception"] !== undefined) return event["sentry.interfaces.Exception"];
  if (Array.isArray(event.entries)) {
    const entry = event.entries.find((e) => isObject(e) && e.type === "exception");
    if (isObject(entry)) return entry.data;
  }
  return undefined;
}

/** The thread that crashed (or the current one): SDKs put the stack there when an exception has none. */
function threadStacktraceOf(event: Json): unknown {
  const threads = valuesOf(event.threads).filter(isObject);
  const thread = threads.find((t) => t.crashed === true) ?? threads.find((t) => t.current === true) ?? threads[0];
  return thread?.stacktrace;
}

function topLevelStacktraceOf(event: Json): unknown {
  return event.stacktrace ?? event["sentry.interfaces.Stacktrace"] ?? threadStacktraceOf(event);
}

export function extractStackTrace(event: unknown): StackException[] {
  if (!isObject(event)) return [];
  const container = exceptionContainerOf(event);
  // The oldest clients sent one bare exception object rather than a list.
  const exceptions = (isObject(container) && !("values" in container) ? [container] : valuesOf(container)).filter(isObject);
  if (exceptions.length > 0) {
    return exceptions.map((exception, index) => {
      // Legacy clients put the surfaced exception's stack at the top level; newer native SDKs
      // put it on the crashed thread.
      const stacktrace =
        exception.stacktrace ??
        exception["sentry.interfaces.Stacktrace"] ??
        (index === exceptions.length - 1 ? topLevelStacktraceOf(event) : undefined);
      return {
        type: stringOrNull(exception.type),
        value: stringOrNull(exception.value),
        module: stringOrNull(exception.module),
        frames: framesOf(stacktrace ?? exception.raw_stacktrace),
      };
    });
  }
  const frames = framesOf(topLevelStacktraceOf(event));
  return frames.length > 0 ? [{ type: null, value: null, module: null, frames }] : [];
}

/** Tags as `{key, value}` pairs, from an object, `[key, value]` pairs, or `{key, value}` items. */
export function extractTags(event: unknown): EventTag[] {
  if (!isObject(event)) return [];
  const tags = event.tags;
  const text = (value: unknown): string | null =>
    typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : null;
  const pairs: Array<[unknown, unknown]> = Array.isArray(tags)
    ? tags.map((tag): [unknown, unknown] => (Array.isArray(tag) ? [tag[0], tag[1]] : isObject(tag) ? [tag.key, tag.value] : [null, null]))
    : isObject(tags)
      ? Object.entries(tags)
      : [];
  return pairs.flatMap(([key, value]) => {
    const k = text(key);
    const v = text(value);
    return k !== null && v !== null ? [{ key: k, value: v }] : [];
  });
}
