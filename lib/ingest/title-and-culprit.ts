import type { EventFacts, NormalizedFrame } from "./types";

const MAX_TITLE_CHARS = 200;
const MAX_CULPRIT_CHARS = 200;

/**
 * `Type: value` of the top-level exception (the last one, as Sentry orders them), with only the
 * value's first line; just the type or just the value when the other is missing; else the
 * message's first line; else `<unlabeled event>`.
 */
export function describeTitle(facts: EventFacts): string {
  const top = facts.exceptions.at(-1);
  if (top) {
    const value = readFirstLine(top.value);
    const title = top.type && value ? `${top.type}: ${value}` : top.type || value;
    if (title) return truncate(title, MAX_TITLE_CHARS);
  }
  const message = facts.message === null ? "" : readFirstLine(facts.message);
  return message ? truncate(message, MAX_TITLE_CHARS) : "<unlabeled event>";
}

/**
 * Where it happened, as Sentry's classic culprit: the most recent in-app frame, looking at the
 * top-level exception first and then at its causes (the most recent frame of the top-level
 * exception's stack when no frame anywhere is in-app), else the event's other stack (the
 * top-level stacktrace or the crashed thread), written `module in function` (or
 * `filename in function`). Only when no frame says anything: the culprit the SDK sent, then
 * the transaction, then "". Stack first, because a transaction names a route, not a place in
 * the code, and many errors share it.
 */
export function describeCulprit(facts: EventFacts): string {
  const frame = pickCulpritFrame(facts);
  const label = frame ? describeFrame(frame) : "";
  return truncate(label || facts.sdkCulprit || facts.transaction || "", MAX_CULPRIT_CHARS);
}

function pickCulpritFrame(facts: EventFacts): NormalizedFrame | undefined {
  const stacks = facts.exceptions
    .map((exception) => exception.frames)
    .filter((frames) => frames.length > 0)
    .reverse();
  if (stacks.length === 0 && facts.otherFrames.length > 0) stacks.push(facts.otherFrames);
  for (const frames of stacks) {
    const inApp = frames.findLast((frame) => frame.inApp);
    if (inApp) return inApp;
  }
  return stacks[0]?.at(-1);
}

function describeFrame(frame: NormalizedFrame): string {
  const location =
    frame.module ?? stripQuery(frame.filename ?? frame.absPath) ?? frame.package?.split(/[\\/]/).at(-1);
  const name = frame.function;
  if (location && name) return `${location} in ${name}`;
  return location || name || "";
}

function stripQuery(filename: string | undefined): string | undefined {
  return filename?.replace(/[?#].*$/s, "") || undefined;
}

function readFirstLine(text: string): string {
  return text.split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? "";
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join("")}…`;
}
